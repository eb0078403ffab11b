package org.newton4j.nn;

/** [N, d1, d2, ...] → [N, d1·d2·…]; a view, no copy. */
public final class Flatten implements Layer {
    private int[] inputShape;

    @Override
    public int[] outputShape(int... s) {
        if (s.length < 1) throw new IllegalArgumentException("flatten: input needs a batch axis");
        long f = 1;
        for (int i = 1; i < s.length; i++) f = Math.multiplyExact(f, s[i]);
        return new int[] {s[0], Math.toIntExact(f)};
    }

    @Override
    public Tensor forward(Tensor x) {
        inputShape = x.shape();
        return x.view(outputShape(inputShape));
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (inputShape == null) throw new IllegalStateException("flatten: backward before forward");
        return dy.view(inputShape);
    }

    @Override
    public Tensor forwardTangent(Tensor rx, java.util.List<Tensor> direction) {
        if (inputShape == null) throw new IllegalStateException("flatten: forwardTangent before forward");
        return rx == null ? null : rx.view(outputShape(inputShape));
    }

    @Override
    public Tensor backwardTangent(Tensor rgy, java.util.List<Tensor> hvp) {
        if (inputShape == null) throw new IllegalStateException("flatten: backwardTangent before forward");
        return rgy.view(inputShape);
    }

    @Override
    public String toString() { return "Flatten()"; }
}
