package org.newton4j.nn;

/** Max-pooling over non-overlapping or strided windows: input N×channels×inHeight×inWidth. */
public record PoolGeometry(int batch, int channels, int inHeight, int inWidth, int window, int stride) {
    public PoolGeometry {
        if (batch < 1 || channels < 1 || inHeight < 1 || inWidth < 1)
            throw new IllegalArgumentException("maxpool2d: sizes must be >= 1, got batch=" + batch + " channels="
                    + channels + " input " + inHeight + "x" + inWidth);
        if (window < 1 || stride < 1)
            throw new IllegalArgumentException("maxpool2d: window=" + window + " stride=" + stride + " must be >= 1");
        if (window > inHeight || window > inWidth)
            throw new IllegalArgumentException("maxpool2d: window " + window + " larger than input "
                    + inHeight + "x" + inWidth);
    }

    public int outHeight() { return (inHeight - window) / stride + 1; }

    public int outWidth() { return (inWidth - window) / stride + 1; }

    public long outputSize() { return (long) batch * channels * outHeight() * outWidth(); }
}
