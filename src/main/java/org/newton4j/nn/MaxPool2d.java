package org.newton4j.nn;

import org.newton4j.device.DeviceBuffer;

/** Max-pooling of [N, C, H, W] inputs over window×window blocks with a stride (default = window). */
public final class MaxPool2d implements Layer {
    private final int window;
    private final int stride;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGradient = new TensorSlot();
    private final TensorSlot tangent = new TensorSlot();
    private final TensorSlot tangentGradient = new TensorSlot();
    private Tensor input;
    private PoolGeometry geometry;

    public MaxPool2d(int window) { this(window, window); }

    public MaxPool2d(int window, int stride) {
        if (window < 1 || stride < 1)
            throw new IllegalArgumentException("maxpool2d: window=" + window + " stride=" + stride + " must be >= 1");
        this.window = window;
        this.stride = stride;
    }

    private PoolGeometry geometry(int... s) {
        if (s.length != 4)
            throw new IllegalArgumentException("maxpool2d: input shape must be [N, C, H, W], got " + java.util.Arrays.toString(s));
        return new PoolGeometry(s[0], s[1], s[2], s[3], window, stride);
    }

    @Override
    public int[] outputShape(int... s) {
        PoolGeometry g = geometry(s);
        return new int[] {s[0], s[1], g.outHeight(), g.outWidth()};
    }

    @Override
    public Tensor forward(Tensor x) {
        geometry = geometry(x.shape());
        input = x;
        Tensor y = output.get(x.backend(), x.precision(), outputShape(x.shape()));
        DeviceBuffer argmax = output.ints(x.backend(), y.size());
        NnOps.on(x.backend()).maxPoolForward(geometry, x.buffer(), y.buffer(), argmax);
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (input == null) throw new IllegalStateException("maxpool2d: backward before forward");
        if (!dy.sameShape(outputShape(input.shape())))
            throw new IllegalArgumentException("maxpool2d: output gradient shape " + java.util.Arrays.toString(dy.shape())
                    + " does not match output " + java.util.Arrays.toString(outputShape(input.shape())));
        Tensor dx = inputGradient.get(dy.backend(), dy.precision(), input.shape());
        NnOps.on(dy.backend()).maxPoolBackward(geometry, dy.buffer(), output.ints(dy.backend(), dy.size()), dx.buffer(), input.size());
        return dx;
    }

    /** Linear once the argmax of the forward pass is fixed: R{y} = R{x}[argmax]. */
    @Override
    public Tensor forwardTangent(Tensor rx, java.util.List<Tensor> direction) {
        if (input == null) throw new IllegalStateException("maxpool2d: forwardTangent before forward");
        if (!direction.isEmpty()) throw new IllegalArgumentException("maxpool2d: has no parameters, got a direction of " + direction.size());
        if (rx == null) return null;
        if (!rx.sameShape(input.shape())) throw new IllegalArgumentException("maxpool2d: input tangent shape does not match input");
        Tensor ry = tangent.get(rx.backend(), rx.precision(), outputShape(input.shape()));
        NnOps.on(rx.backend()).maxPoolGather(geometry, rx.buffer(), output.ints(rx.backend(), ry.size()), ry.buffer());
        return ry;
    }

    @Override
    public Tensor backwardTangent(Tensor rgy, java.util.List<Tensor> hvp) {
        if (input == null) throw new IllegalStateException("maxpool2d: backwardTangent before forward");
        if (!rgy.sameShape(outputShape(input.shape())))
            throw new IllegalArgumentException("maxpool2d: output gradient tangent shape does not match output");
        Tensor rgx = tangentGradient.get(rgy.backend(), rgy.precision(), input.shape());
        NnOps.on(rgy.backend()).maxPoolBackward(geometry, rgy.buffer(), output.ints(rgy.backend(), rgy.size()), rgx.buffer(), input.size());
        return rgx;
    }

    @Override
    public void close() {
        tangent.close();
        tangentGradient.close();
        output.close();
        inputGradient.close();
    }

    @Override
    public String toString() { return "MaxPool2d(" + window + (stride != window ? ", s=" + stride : "") + ")"; }
}
