package org.newton4j.nn;

import java.util.List;
import java.util.SplittableRandom;

import org.newton4j.device.Backend;
import org.newton4j.device.Precision;

/**
 * 2-D convolution (cross-correlation) on [N, C, H, W] inputs with a square kernel, stride and zero
 * padding; weight outChannels×inChannels×k×k, one bias per output channel.
 */
public final class Conv2d implements Layer {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;
    private final NnOps ops;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGradient = new TensorSlot();
    private Tensor input;
    private ConvGeometry geometry;

    public Conv2d(Backend backend, Precision precision, int inChannels, int outChannels, int kernel, int stride, int padding) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0)
            throw new IllegalArgumentException("conv2d: inChannels=" + inChannels + " outChannels=" + outChannels
                    + " kernel=" + kernel + " stride=" + stride + " padding=" + padding
                    + " (channels, kernel, stride >= 1; padding >= 0)");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ops = NnOps.on(backend);
        int[] ws = {outChannels, inChannels, kernel, kernel};
        weight = new Parameter("weight", Tensor.allocate(backend, precision, ws), Tensor.allocate(backend, precision, ws));
        bias = new Parameter("bias", Tensor.allocate(backend, precision, outChannels), Tensor.allocate(backend, precision, outChannels));
        initialize(Initializer.PYTORCH_DEFAULT, new SplittableRandom(0));
        weight.zeroGradient();
        bias.zeroGradient();
    }

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }

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
    public Tensor forward(Tensor x) {
        geometry = geometry(x.shape());
        input = x;
        Tensor y = output.get(x.backend(), weight.value().precision(), outputShape(x.shape()));
        ops.conv2dForward(geometry, x.buffer(), weight.value().buffer(), bias.value().buffer(), y.buffer());
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (input == null) throw new IllegalStateException("conv2d: backward before forward");
        if (!dy.sameShape(outputShape(input.shape())))
            throw new IllegalArgumentException("conv2d: output gradient shape " + java.util.Arrays.toString(dy.shape())
                    + " does not match output " + java.util.Arrays.toString(outputShape(input.shape())));
        Tensor dx = inputGradient.get(dy.backend(), dy.precision(), input.shape());
        ops.conv2dBackward(geometry, input.buffer(), weight.value().buffer(), dy.buffer(), dx.buffer(),
                weight.gradient().buffer(), bias.gradient().buffer());
        return dx;
    }

    @Override
    public List<Parameter> parameters() { return List.of(weight, bias); }

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
    public void close() {
        weight.close();
        bias.close();
        output.close();
        inputGradient.close();
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + ", " + outChannels + ", k=" + kernel + ", s=" + stride + ", p=" + padding + ")";
    }
}
