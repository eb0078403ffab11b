package org.newton4j.nn;

/**
 * Shapes of one 2-D convolution (square kernel, same stride and zero padding on both axes):
 * input N×inChannels×inHeight×inWidth, weight outChannels×inChannels×k×k, output N×outChannels×outHeight×outWidth.
 */
public record ConvGeometry(int batch, int inChannels, int inHeight, int inWidth,
                           int outChannels, int kernel, int stride, int padding) {
    public ConvGeometry {
        if (batch < 1 || inChannels < 1 || inHeight < 1 || inWidth < 1 || outChannels < 1)
            throw new IllegalArgumentException("conv2d: sizes must be >= 1, got batch=" + batch + " inChannels="
                    + inChannels + " input " + inHeight + "x" + inWidth + " outChannels=" + outChannels);
        if (kernel < 1 || stride < 1 || padding < 0)
            throw new IllegalArgumentException("conv2d: kernel=" + kernel + " stride=" + stride + " padding="
                    + padding + " (need kernel >= 1, stride >= 1, padding >= 0)");
        if (inHeight + 2 * padding < kernel || inWidth + 2 * padding < kernel)
            throw new IllegalArgumentException("conv2d: kernel " + kernel + " larger than padded input "
                    + (inHeight + 2 * padding) + "x" + (inWidth + 2 * padding));
    }

    public int outHeight() { return (inHeight + 2 * padding - kernel) / stride + 1; }

    public int outWidth() { return (inWidth + 2 * padding - kernel) / stride + 1; }

    /** Rows of the im2col matrix: inChannels·k·k. */
    public int patchSize() { return inChannels * kernel * kernel; }

    /** Columns of the im2col matrix: output pixels per image. */
    public int outPixels() { return outHeight() * outWidth(); }

    public int inPixels() { return inHeight * inWidth; }
}
