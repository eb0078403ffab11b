package org.newton4j.nn;

import java.util.List;
import java.util.SplittableRandom;

import org.newton4j.device.Backend;
import org.newton4j.device.Precision;

/** Fully connected layer y = x·Wᵀ + b on [N, in] inputs; W is out×in (the PyTorch layout). */
public final class Linear implements Layer {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private final NnOps ops;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGradient = new TensorSlot();
    private Tensor input;

    public Linear(Backend backend, Precision precision, int in, int out) {
        if (in < 1 || out < 1)
            throw new IllegalArgumentException("linear: in and out must be >= 1, got in=" + in + " out=" + out);
        this.in = in;
        this.out = out;
        this.ops = NnOps.on(backend);
        weight = new Parameter("weight", Tensor.allocate(backend, precision, out, in), Tensor.allocate(backend, precision, out, in));
        bias = new Parameter("bias", Tensor.allocate(backend, precision, out), Tensor.allocate(backend, precision, out));
        initialize(Initializer.PYTORCH_DEFAULT, new SplittableRandom(0));
        weight.zeroGradient();
        bias.zeroGradient();
    }

    public int inFeatures() { return in; }

    public int outFeatures() { return out; }

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }

    @Override
    public int[] outputShape(int... s) {
        if (s.length != 2 || s[1] != in)
            throw new IllegalArgumentException("linear(" + in + "->" + out + "): input shape must be [N, " + in
                    + "], got " + java.util.Arrays.toString(s));
        return new int[] {s[0], out};
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] shape = outputShape(x.shape());
        input = x;
        Tensor y = output.get(x.backend(), weight.value().precision(), shape);
        ops.linearForward(x.batch(), in, out, x.buffer(), weight.value().buffer(), bias.value().buffer(), y.buffer());
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (input == null) throw new IllegalStateException("linear: backward before forward");
        if (!dy.sameShape(input.batch(), out))
            throw new IllegalArgumentException("linear: output gradient shape " + java.util.Arrays.toString(dy.shape())
                    + " does not match output [" + input.batch() + ", " + out + "]");
        Tensor dx = inputGradient.get(dy.backend(), dy.precision(), input.shape());
        ops.linearBackward(input.batch(), in, out, input.buffer(), weight.value().buffer(), dy.buffer(),
                dx.buffer(), weight.gradient().buffer(), bias.gradient().buffer());
        return dx;
    }

    @Override
    public List<Parameter> parameters() { return List.of(weight, bias); }

    @Override
    public void initialize(Initializer initializer, SplittableRandom random) {
        Backend b = weight.value().backend();
        double[] w = initializer.weights(out * in, in, out, random);
        b.write(weight.value().buffer(), 0, w, 0, w.length);
        double[] c = initializer.biases(out, in, random);
        b.write(bias.value().buffer(), 0, c, 0, c.length);
    }

    @Override
    public void close() {
        weight.close();
        bias.close();
        output.close();
        inputGradient.close();
    }

    @Override
    public String toString() { return "Linear(" + in + ", " + out + ")"; }
}
