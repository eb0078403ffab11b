package org.newton4j.nn;

import org.newton4j.device.Precision;

/** An elementwise nonlinearity of any input shape: ReLU, Tanh or ELU(alpha). */
public final class ActivationLayer implements Layer {
    private final Activation activation;
    private final double alpha;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGradient = new TensorSlot();
    private Tensor input;

    private ActivationLayer(Activation activation, double alpha) {
        this.activation = activation;
        this.alpha = alpha;
    }

    public static ActivationLayer relu() { return new ActivationLayer(Activation.RELU, 0); }

    public static ActivationLayer tanh() { return new ActivationLayer(Activation.TANH, 0); }

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
        Tensor dx = inputGradient.get(dy.backend(), dy.precision(), input.shape());
        NnOps.on(dy.backend()).activationBackward(activation, alpha, dy.size(), input.buffer(), dy.buffer(), dx.buffer());
        return dx;
    }

    @Override
    public void close() {
        output.close();
        inputGradient.close();
    }

    @Override
    public String toString() {
        return activation == Activation.ELU ? "ELU(" + alpha + ")" : activation.displayName() + "()";
    }
}
