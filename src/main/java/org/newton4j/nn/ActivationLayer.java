package org.newton4j.nn;

import org.newton4j.device.Precision;

/** An elementwise nonlinearity of any input shape: ReLU, Tanh, ELU(alpha) or Softplus. */
public final class ActivationLayer implements Layer {
    private final Activation activation;
    private final double alpha;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGradient = new TensorSlot();
    private final TensorSlot tangent = new TensorSlot();
    private final TensorSlot tangentGradient = new TensorSlot();
    private final TensorSlot curvature = new TensorSlot();
    private Tensor input;
    private Tensor outputGradient;
    private Tensor inputTangent;

    private ActivationLayer(Activation activation, double alpha) {
        this.activation = activation;
        this.alpha = alpha;
    }

    public static ActivationLayer relu() { return new ActivationLayer(Activation.RELU, 0); }

    public static ActivationLayer tanh() { return new ActivationLayer(Activation.TANH, 0); }

    /** log(1 + eˣ): positive outputs with smooth first and second derivatives. */
    public static ActivationLayer softplus() { return new ActivationLayer(Activation.SOFTPLUS, 0); }

    public static ActivationLayer elu(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha))
            throw new IllegalArgumentException("elu: alpha must be finite and > 0, got " + alpha);
        return new ActivationLayer(Activation.ELU, alpha);
    }

    public Activation activation() { return activation; }

    public double alpha() { return alpha; }

    @Override
    public int[] outputShape(int... s) { return s.clone(); }

    @Override
    public Tensor forward(Tensor x) {
        input = x;
        Precision p = x.precision();
        Tensor y = output.get(x.backend(), p, x.shape());
        NnOps.on(x.backend()).activationForward(activation, alpha, x.size(), x.buffer(), y.buffer());
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (input == null) throw new IllegalStateException(this + ": backward before forward");
        if (!dy.sameShape(input.shape()))
            throw new IllegalArgumentException(this + ": output gradient shape " + java.util.Arrays.toString(dy.shape())
                    + " does not match input " + java.util.Arrays.toString(input.shape()));
        outputGradient = dy;
        Tensor dx = inputGradient.get(dy.backend(), dy.precision(), input.shape());
        NnOps.on(dy.backend()).activationBackward(activation, alpha, dy.size(), input.buffer(), dy.buffer(), dx.buffer());
        return dx;
    }

    /** R{y} = σ'(x)·R{x}. */
    @Override
    public Tensor forwardTangent(Tensor rx, java.util.List<Tensor> direction) {
        if (input == null) throw new IllegalStateException(this + ": forwardTangent before forward");
        if (!direction.isEmpty()) throw new IllegalArgumentException(this + ": has no parameters, got a direction of " + direction.size());
        inputTangent = rx;
        if (rx == null) return null;
        if (!rx.sameShape(input.shape())) throw new IllegalArgumentException(this + ": input tangent shape does not match input");
        Tensor ry = tangent.get(rx.backend(), rx.precision(), input.shape());
        NnOps.on(rx.backend()).activationBackward(activation, alpha, rx.size(), input.buffer(), rx.buffer(), ry.buffer());
        return ry;
    }

    /** R{g_x} = σ'(x)·R{g_y} + σ''(x)·R{x}·g_y. */
    @Override
    public Tensor backwardTangent(Tensor rgy, java.util.List<Tensor> hvp) {
        if (outputGradient == null) throw new IllegalStateException(this + ": backwardTangent before backward");
        if (!rgy.sameShape(input.shape())) throw new IllegalArgumentException(this + ": output gradient tangent shape does not match");
        NnOps ops = NnOps.on(rgy.backend());
        Tensor rgx = tangentGradient.get(rgy.backend(), rgy.precision(), input.shape());
        ops.activationBackward(activation, alpha, rgy.size(), input.buffer(), rgy.buffer(), rgx.buffer());
        if (inputTangent != null && activation != Activation.RELU) {
            Tensor c = curvature.get(rgy.backend(), rgy.precision(), input.shape());
            ops.activationCurvature(activation, alpha, c.size(), input.buffer(), inputTangent.buffer(), outputGradient.buffer(), c.buffer());
            ops.add(c.size(), rgx.buffer(), c.buffer(), rgx.buffer());
        }
        return rgx;
    }

    @Override
    public void close() {
        output.close();
        inputGradient.close();
        tangent.close();
        tangentGradient.close();
        curvature.close();
    }

    @Override
    public String toString() {
        return activation == Activation.ELU ? "ELU(" + alpha + ")" : activation.displayName() + "()";
    }
}
