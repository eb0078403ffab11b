package org.newton4j.nn;

import java.util.List;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;

/**
 * A layer y = A(x, W) + b, bilinear in input and weight (Linear, Conv2d). Forward, backward and
 * both R-operator passes follow from the two operations a subclass supplies:
 * R{y} = A(R{x}, W) + A(x, V) + v_b; R{g_x} = A_xᵀ(R{g_y}; W) + A_xᵀ(g_y; V);
 * R{g_W} = A_Wᵀ(R{g_y}; x) + A_Wᵀ(g_y; R{x}); R{g_b} = Σ R{g_y}.
 */
abstract class AffineLayer implements Layer {
    protected final Parameter weight;
    protected final Parameter bias;
    protected final NnOps ops;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGradient = new TensorSlot();
    private final TensorSlot tangent = new TensorSlot();
    private final TensorSlot tangentGradient = new TensorSlot();
    private final TensorSlot temporary = new TensorSlot();
    private final TensorSlot zeroBias = new TensorSlot();
    private final TensorSlot scratchWeight = new TensorSlot();
    private final TensorSlot scratchBias = new TensorSlot();
    private Tensor input;
    private Tensor outputGradient;
    private Tensor inputTangent;
    private Tensor directionWeight;

    AffineLayer(Backend backend, Precision precision, int[] weightShape, int outChannels) {
        this.ops = NnOps.on(backend);
        weight = new Parameter("weight", Tensor.allocate(backend, precision, weightShape), Tensor.allocate(backend, precision, weightShape));
        bias = new Parameter("bias", Tensor.allocate(backend, precision, outChannels), Tensor.allocate(backend, precision, outChannels));
        weight.zeroGradient();
        bias.zeroGradient();
    }

    /** y = A(x, w) + b (y overwritten). */
    abstract void forwardOp(Tensor x, DeviceBuffer w, DeviceBuffer b, Tensor y);

    /** dx = A_xᵀ(dy; w) (overwritten; null: not wanted), dw += A_wᵀ(dy; x), db += Σ dy. */
    abstract void backwardOp(Tensor x, DeviceBuffer w, Tensor dy, Tensor dx, DeviceBuffer dw, DeviceBuffer db);

    abstract String name();

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }

    private Tensor slot(TensorSlot s, int... shape) { return s.get(weight.value().backend(), weight.value().precision(), shape); }

    private void requireOutputShape(Tensor t, String what) {
        if (!t.sameShape(outputShape(input.shape())))
            throw new IllegalArgumentException(name() + ": " + what + " shape " + java.util.Arrays.toString(t.shape())
                    + " does not match output " + java.util.Arrays.toString(outputShape(input.shape())));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = slot(output, outputShape(x.shape()));
        input = x;
        forwardOp(x, weight.value().buffer(), bias.value().buffer(), y);
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        return backward(dy, true);
    }

    /** For the first layer of a network: no input gradient (for a convolution, no dcol GEMM and no col2im). */
    @Override
    public void backwardParameters(Tensor dy) {
        backward(dy, false);
    }

    private Tensor backward(Tensor dy, boolean withInputGradient) {
        if (input == null) throw new IllegalStateException(name() + ": backward before forward");
        requireOutputShape(dy, "output gradient");
        outputGradient = dy;
        Tensor dx = withInputGradient ? slot(inputGradient, input.shape()) : null;
        backwardOp(input, weight.value().buffer(), dy, dx, weight.gradient().buffer(), bias.gradient().buffer());
        return dx;
    }

    @Override
    public Tensor forwardTangent(Tensor rx, List<Tensor> direction) {
        if (input == null) throw new IllegalStateException(name() + ": forwardTangent before forward");
        checkDirection(direction, "parameter direction");
        if (rx != null && !rx.sameShape(input.shape()))
            throw new IllegalArgumentException(name() + ": input tangent shape " + java.util.Arrays.toString(rx.shape())
                    + " does not match input " + java.util.Arrays.toString(input.shape()));
        inputTangent = rx;
        directionWeight = direction.get(0);
        Tensor ry = slot(tangent, outputShape(input.shape()));
        forwardOp(input, direction.get(0).buffer(), direction.get(1).buffer(), ry);
        if (rx != null) {
            Tensor zero = slot(zeroBias, bias.value().shape());
            zero.backend().fill(zero.buffer(), 0);
            Tensor t = slot(temporary, ry.shape());
            forwardOp(rx, weight.value().buffer(), zero.buffer(), t);
            ops.add(ry.size(), ry.buffer(), t.buffer(), ry.buffer());
        }
        return ry;
    }

    @Override
    public Tensor backwardTangent(Tensor rgy, List<Tensor> hvp) {
        if (outputGradient == null) throw new IllegalStateException(name() + ": backwardTangent before backward and forwardTangent");
        checkDirection(hvp, "parameter HVP");
        requireOutputShape(rgy, "output gradient tangent");
        Tensor rgx = slot(tangentGradient, input.shape());
        backwardOp(input, weight.value().buffer(), rgy, rgx, hvp.get(0).buffer(), hvp.get(1).buffer());
        // the terms through V = direction of the weight and through R{x}
        Tensor t = slot(temporary, input.shape());
        Tensor db = slot(scratchBias, bias.value().shape());   // Σ g_y is not part of the HVP: discarded
        db.backend().fill(db.buffer(), 0);
        DeviceBuffer dw = hvp.get(0).buffer();
        if (inputTangent == null) {   // R{x} = 0: the weight term vanishes, so accumulate it into scratch
            Tensor scratch = slot(scratchWeight, weight.value().shape());
            scratch.backend().fill(scratch.buffer(), 0);
            dw = scratch.buffer();
        }
        backwardOp(inputTangent != null ? inputTangent : input, directionWeight.buffer(), outputGradient, t, dw, db.buffer());
        ops.add(rgx.size(), rgx.buffer(), t.buffer(), rgx.buffer());
        return rgx;
    }

    private void checkDirection(List<Tensor> d, String what) {
        if (d == null || d.size() != 2 || !d.get(0).sameShape(weight.value().shape()) || !d.get(1).sameShape(bias.value().shape()))
            throw new IllegalArgumentException(name() + ": " + what + " must be [weight " + java.util.Arrays.toString(weight.value().shape())
                    + ", bias " + java.util.Arrays.toString(bias.value().shape()) + "]");
    }

    @Override
    public List<Parameter> parameters() { return List.of(weight, bias); }

    @Override
    public void close() {
        weight.close();
        bias.close();
        for (TensorSlot s : new TensorSlot[] {output, inputGradient, tangent, tangentGradient, temporary, zeroBias, scratchWeight, scratchBias})
            s.close();
    }
}
