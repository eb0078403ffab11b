package org.newton4j.nn;

import java.util.SplittableRandom;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;

/**
 * 2-D convolution (cross-correlation) on [N, C, H, W] inputs with a square kernel, stride and zero
 * padding; weight outChannels×inChannels×k×k, one bias per output channel.
 */
public final class Conv2d extends AffineLayer {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;

    public Conv2d(Backend backend, Precision precision, int inChannels, int outChannels, int kernel, int stride, int padding) {
        super(backend, precision, checkedWeightShape(inChannels, outChannels, kernel, stride, padding), outChannels);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        initialize(Initializer.PYTORCH_DEFAULT, new SplittableRandom(0));
    }

    private static int[] checkedWeightShape(int inChannels, int outChannels, int kernel, int stride, int padding) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0)
            throw new IllegalArgumentException("conv2d: inChannels=" + inChannels + " outChannels=" + outChannels
                    + " kernel=" + kernel + " stride=" + stride + " padding=" + padding
                    + " (channels, kernel, stride >= 1; padding >= 0)");
        return new int[] {outChannels, inChannels, kernel, kernel};
    }

    /** The geometry for an input shape, validated. */
    public ConvGeometry geometry(int... s) {
        if (s.length != 4 || s[1] != inChannels)
            throw new IllegalArgumentException("conv2d(" + inChannels + "->" + outChannels + "): input shape must be [N, "
                    + inChannels + ", H, W], got " + java.util.Arrays.toString(s));
        return new ConvGeometry(s[0], inChannels, s[2], s[3], outChannels, kernel, stride, padding);
    }

    @Override
    public int[] outputShape(int... s) {
        ConvGeometry g = geometry(s);
        return new int[] {s[0], outChannels, g.outHeight(), g.outWidth()};
    }

    @Override
    void forwardOp(Tensor x, DeviceBuffer w, DeviceBuffer b, Tensor y) {
        ops.conv2dForward(geometry(x.shape()), x.buffer(), w, b, y.buffer());
    }

    @Override
    void backwardOp(Tensor x, DeviceBuffer w, Tensor dy, Tensor dx, DeviceBuffer dw, DeviceBuffer db) {
        ops.conv2dBackward(geometry(x.shape()), x.buffer(), w, dy.buffer(), dx == null ? null : dx.buffer(), dw, db);
    }

    @Override
    String name() { return "conv2d"; }

    @Override
    public void initialize(Initializer initializer, SplittableRandom random) {
        Backend b = weight.value().backend();
        int fanIn = inChannels * kernel * kernel, fanOut = outChannels * kernel * kernel;
        double[] w = initializer.weights(outChannels * fanIn, fanIn, fanOut, random);
        b.write(weight.value().buffer(), 0, w, 0, w.length);
        double[] c = initializer.biases(outChannels, fanIn, random);
        b.write(bias.value().buffer(), 0, c, 0, c.length);
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + ", " + outChannels + ", k=" + kernel + ", s=" + stride + ", p=" + padding + ")";
    }
}
