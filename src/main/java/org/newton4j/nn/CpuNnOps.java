package org.newton4j.nn;


import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.device.cpu.CpuBuffer;

/**
 * The reference implementation on heap arrays. Convolution is im2col + GEMM per image, images spread
 * over the fork-join pool in contiguous chunks; each chunk owns its im2col scratch and a private
 * weight-gradient accumulator, summed at the end, so no two threads write the same element.
 * Results in float32 buffers are rounded once per pass (the CPU computes in double).
 */
final class CpuNnOps implements NnOps {
    static final CpuNnOps INSTANCE = new CpuNnOps();

    private CpuNnOps() { }

    private static double[] r(DeviceBuffer b) { return CpuBackend.buffer(b).reals(); }

    /** Rounds a float32 buffer's contents to float, as a float32 device would have stored them. */
    static void round(DeviceBuffer b) {
        if (b == null || b.type() != ElementType.F32) return;
        double[] a = r(b);
        for (int i = 0; i < a.length; i++) a[i] = (float) a[i];
    }

    private static int chunks(int items) {
        return Math.max(1, Math.min(items, 2 * CpuBackend.parallelism())); // two parts per thread evens out stragglers
    }

    @Override
    public void linearForward(int batch, int in, int out, DeviceBuffer x, DeviceBuffer w, DeviceBuffer b, DeviceBuffer y) {
        double[] yy = r(y), bb = r(b);
        for (int i = 0; i < batch; i++) System.arraycopy(bb, 0, yy, i * out, out);
        CpuGemm.parallel(false, true, batch, out, in, 1.0, r(x), 0, in, r(w), 0, in, 1.0, yy, 0, out);
        round(y);
    }

    @Override
    public void linearBackward(int batch, int in, int out, DeviceBuffer x, DeviceBuffer w, DeviceBuffer dy,
                               DeviceBuffer dx, DeviceBuffer dw, DeviceBuffer db) {
        double[] g = r(dy);
        if (dx != null) {
            CpuGemm.parallel(false, false, batch, in, out, 1.0, g, 0, out, r(w), 0, in, 0.0, r(dx), 0, in);
            round(dx);
        }
        CpuGemm.parallel(true, false, out, in, batch, 1.0, g, 0, out, r(x), 0, in, 1.0, r(dw), 0, in);
        round(dw);
        double[] gb = r(db);
        for (int i = 0; i < batch; i++)
            for (int o = 0; o < out; o++) gb[o] += g[i * out + o];
        round(db);
    }

    /** col[(c,ki,kj), (oh,ow)] = x[c, oh·s−p+ki, ow·s−p+kj], zero outside the image. */
    static void im2col(ConvGeometry g, double[] x, int xOff, double[] col) {
        int k = g.kernel(), s = g.stride(), p = g.padding(), h = g.inHeight(), w = g.inWidth();
        int oh = g.outHeight(), ow = g.outWidth(), pixels = oh * ow;
        for (int c = 0; c < g.inChannels(); c++)
            for (int ki = 0; ki < k; ki++)
                for (int kj = 0; kj < k; kj++) {
                    int row = ((c * k + ki) * k + kj) * pixels;
                    for (int i = 0; i < oh; i++) {
                        int yi = i * s - p + ki;
                        int dst = row + i * ow;
                        if (yi < 0 || yi >= h) {
                            java.util.Arrays.fill(col, dst, dst + ow, 0.0);
                            continue;
                        }
                        int src = xOff + (c * h + yi) * w;
                        if (s == 1) { // the common case: one contiguous copy between the zero-padded edges
                            int lo = Math.min(ow, Math.max(0, p - kj)), hi = Math.max(lo, Math.min(ow, w + p - kj));
                            java.util.Arrays.fill(col, dst, dst + lo, 0.0);
                            System.arraycopy(x, src + lo - p + kj, col, dst + lo, hi - lo);
                            java.util.Arrays.fill(col, dst + hi, dst + ow, 0.0);
                            continue;
                        }
                        for (int j = 0; j < ow; j++) {
                            int xj = j * s - p + kj;
                            col[dst + j] = xj >= 0 && xj < w ? x[src + xj] : 0.0;
                        }
                    }
                }
    }

    /** The adjoint of im2col: dx[c, yi, xj] += dcol[(c,ki,kj), (i,j)] (dx region zeroed first). */
    static void col2im(ConvGeometry g, double[] col, double[] dx, int dxOff) {
        int k = g.kernel(), s = g.stride(), p = g.padding(), h = g.inHeight(), w = g.inWidth();
        int oh = g.outHeight(), ow = g.outWidth(), pixels = oh * ow;
        java.util.Arrays.fill(dx, dxOff, dxOff + g.inChannels() * h * w, 0.0);
        for (int c = 0; c < g.inChannels(); c++)
            for (int ki = 0; ki < k; ki++)
                for (int kj = 0; kj < k; kj++) {
                    int row = ((c * k + ki) * k + kj) * pixels;
                    for (int i = 0; i < oh; i++) {
                        int yi = i * s - p + ki;
                        if (yi < 0 || yi >= h) continue;
                        int dst = dxOff + (c * h + yi) * w;
                        int src = row + i * ow;
                        for (int j = 0; j < ow; j++) {
                            int xj = j * s - p + kj;
                            if (xj >= 0 && xj < w) dx[dst + xj] += col[src + j];
                        }
                    }
                }
    }

    @Override
    public void conv2dForward(ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer b, DeviceBuffer y) {
        double[] xx = r(x), ww = r(w), bb = r(b), yy = r(y);
        int patch = g.patchSize(), pixels = g.outPixels(), inSize = g.inChannels() * g.inPixels();
        int outSize = g.outChannels() * pixels, n = g.batch(), parts = chunks(n);
        CpuBackend.parallelFor(parts, part -> {
            double[] col = new double[patch * pixels];
            for (int img = part * n / parts; img < (part + 1) * n / parts; img++) {
                im2col(g, xx, img * inSize, col);
                int yOff = img * outSize;
                for (int o = 0; o < g.outChannels(); o++)
                    java.util.Arrays.fill(yy, yOff + o * pixels, yOff + (o + 1) * pixels, bb[o]);
                CpuGemm.serial(false, false, g.outChannels(), pixels, patch, 1.0, ww, 0, patch, col, 0, pixels,
                        1.0, yy, yOff, pixels);
            }
        });
        round(y);
    }

    @Override
    public void conv2dBackward(ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer dy,
                               DeviceBuffer dx, DeviceBuffer dw, DeviceBuffer db) {
        double[] xx = r(x), ww = r(w), gy = r(dy), dxx = dx == null ? null : r(dx);
        int patch = g.patchSize(), pixels = g.outPixels(), inSize = g.inChannels() * g.inPixels();
        int outC = g.outChannels(), outSize = outC * pixels, n = g.batch(), parts = chunks(n);
        double[][] dwParts = new double[parts][];
        double[][] dbParts = new double[parts][];
        CpuBackend.parallelFor(parts, part -> {
            double[] col = new double[patch * pixels];
            double[] dcol = dxx == null ? null : new double[patch * pixels];
            double[] gw = new double[outC * patch];
            double[] gb = new double[outC];
            for (int img = part * n / parts; img < (part + 1) * n / parts; img++) {
                int yOff = img * outSize;
                im2col(g, xx, img * inSize, col);
                // dw += dy_img (outC×pixels) · colᵀ (pixels×patch)
                CpuGemm.serial(false, true, outC, patch, pixels, 1.0, gy, yOff, pixels, col, 0, pixels,
                        1.0, gw, 0, patch);
                for (int o = 0; o < outC; o++) {
                    double s = 0;
                    for (int q = yOff + o * pixels, end = q + pixels; q < end; q++) s += gy[q];
                    gb[o] += s;
                }
                if (dcol != null) {
                    // dcol = wᵀ (patch×outC) · dy_img (outC×pixels)
                    CpuGemm.serial(true, false, patch, pixels, outC, 1.0, ww, 0, patch, gy, yOff, pixels,
                            0.0, dcol, 0, pixels);
                    col2im(g, dcol, dxx, img * inSize);
                }
            }
            dwParts[part] = gw;
            dbParts[part] = gb;
        });
        double[] gw = r(dw), gb = r(db);
        for (int part = 0; part < parts; part++) {
            double[] pw = dwParts[part], pb = dbParts[part];
            for (int i = 0; i < pw.length; i++) gw[i] += pw[i];
            for (int i = 0; i < pb.length; i++) gb[i] += pb[i];
        }
        round(dx);
        round(dw);
        round(db);
    }

    @Override
    public void activationForward(Activation act, double alpha, long n, DeviceBuffer x, DeviceBuffer y) {
        double[] xx = r(x), yy = r(y);
        for (int i = 0; i < n; i++) yy[i] = act.value(xx[i], alpha);
        round(y);
    }

    @Override
    public void activationBackward(Activation act, double alpha, long n, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dx) {
        double[] xx = r(x), gy = r(dy), gx = r(dx);
        for (int i = 0; i < n; i++) gx[i] = act.derivative(xx[i], alpha) * gy[i];
        round(dx);
    }

    @Override
    public void maxPoolForward(PoolGeometry g, DeviceBuffer x, DeviceBuffer y, DeviceBuffer argmax) {
        double[] xx = r(x), yy = r(y);
        int[] am = CpuBackend.buffer(argmax).ints();
        int oh = g.outHeight(), ow = g.outWidth(), h = g.inHeight(), w = g.inWidth();
        int planes = g.batch() * g.channels();
        CpuBackend.parallelFor(planes, plane -> {
            int in = plane * h * w, out = plane * oh * ow;
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    int best = in + (i * g.stride()) * w + j * g.stride();
                    for (int a = 0; a < g.window(); a++)
                        for (int b = 0; b < g.window(); b++) {
                            int q = in + (i * g.stride() + a) * w + j * g.stride() + b;
                            if (xx[q] > xx[best]) best = q; // first maximum wins ties, as the kernels do
                        }
                    yy[out + i * ow + j] = xx[best];
                    am[out + i * ow + j] = best;
                }
        });
    }

    @Override
    public void maxPoolBackward(PoolGeometry g, DeviceBuffer dy, DeviceBuffer argmax, DeviceBuffer dx, long inputSize) {
        double[] gy = r(dy), gx = r(dx);
        int[] am = CpuBackend.buffer(argmax).ints();
        java.util.Arrays.fill(gx, 0, (int) inputSize, 0.0);
        long outSize = g.outputSize();
        for (int i = 0; i < outSize; i++) gx[am[i]] += gy[i];
        round(dx);
    }

    @Override
    public void add(long n, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out) {
        double[] x = r(a), y = r(b), o = r(out);
        for (int i = 0; i < n; i++) o[i] = x[i] + y[i];
        round(out);
    }

    @Override
    public void activationCurvature(Activation act, double alpha, long n, DeviceBuffer x, DeviceBuffer rx, DeviceBuffer gy, DeviceBuffer out) {
        double[] xx = r(x), t = r(rx), g = r(gy), o = r(out);
        for (int i = 0; i < n; i++) o[i] = act.secondDerivative(xx[i], alpha) * t[i] * g[i];
        round(out);
    }

    @Override
    public void maxPoolGather(PoolGeometry g, DeviceBuffer rx, DeviceBuffer argmax, DeviceBuffer ry) {
        double[] t = r(rx), o = r(ry);
        int[] am = CpuBackend.buffer(argmax).ints();
        for (int i = 0; i < g.outputSize(); i++) o[i] = t[am[i]];
        round(ry);
    }
}
