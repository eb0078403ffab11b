package org.newton4j.nn;

import java.util.SplittableRandom;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;

/** Fully connected layer y = x·Wᵀ + b on [N, in] inputs; W is out×in (the PyTorch layout). */
public final class Linear extends AffineLayer {
    private final int in;
    private final int out;

    public Linear(Backend backend, Precision precision, int in, int out) {
        super(backend, precision, new int[] {checked(in, out)[1], in}, out);
        this.in = in;
        this.out = out;
        initialize(Initializer.PYTORCH_DEFAULT, new SplittableRandom(0));
    }

    private static int[] checked(int in, int out) {
        if (in < 1 || out < 1)
            throw new IllegalArgumentException("linear: in and out must be >= 1, got in=" + in + " out=" + out);
        return new int[] {in, out};
    }

    public int inFeatures() { return in; }

    public int outFeatures() { return out; }

    @Override
    public int[] outputShape(int... s) {
        if (s.length != 2 || s[1] != in)
            throw new IllegalArgumentException("linear(" + in + "->" + out + "): input shape must be [N, " + in
                    + "], got " + java.util.Arrays.toString(s));
        return new int[] {s[0], out};
    }

    @Override
    void forwardOp(Tensor x, DeviceBuffer w, DeviceBuffer b, Tensor y) {
        outputShape(x.shape());
        ops.linearForward(x.batch(), in, out, x.buffer(), w, b, y.buffer());
    }

    @Override
    void backwardOp(Tensor x, DeviceBuffer w, Tensor dy, Tensor dx, DeviceBuffer dw, DeviceBuffer db) {
        ops.linearBackward(x.batch(), in, out, x.buffer(), w, dy.buffer(), dx == null ? null : dx.buffer(), dw, db);
    }

    @Override
    String name() { return "linear"; }

    @Override
    public void initialize(Initializer initializer, SplittableRandom random) {
        Backend b = weight.value().backend();
        double[] w = initializer.weights(out * in, in, out, random);
        b.write(weight.value().buffer(), 0, w, 0, w.length);
        double[] c = initializer.biases(out, in, random);
        b.write(bias.value().buffer(), 0, c, 0, c.length);
    }

    @Override
    public String toString() { return "Linear(" + in + ", " + out + ")"; }
}
