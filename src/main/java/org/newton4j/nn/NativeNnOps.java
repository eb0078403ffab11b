package org.newton4j.nn;

import static org.newton4j.nn.NnLaunches.GROUP;
import static org.newton4j.nn.NnLaunches.MODULE;
import static org.newton4j.nn.NnLaunches.gridStride;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Kernel;
import org.newton4j.device.Launch;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;

/**
 * The layer passes on OpenCL and CUDA, launching the kernels of kernels/common/nn.h; the matrix products go
 * to an injected {@link GemmEngine} (newton4j's kernels, or cuBLAS where it loads). Convolutions are
 * im2col + one batched GEMM per chunk of images (the chunk bounds the im2col scratch); the weight gradient
 * sums the chunk inside the GEMM (reduce mode), so no atomics are needed anywhere and the results are
 * deterministic.
 */
final class NativeNnOps implements NnOps {
    /** Upper bound of one im2col scratch buffer. */
    private static final long COL_BYTES = 256L << 20;

    private final NativeBackend backend;
    private final KernelGemm ownKernels;
    private final GemmSource source;
    /**
     * Resolved on the first product, not here: the activation and pooling layers build an instance per pass,
     * and asking the backend for its vendor BLAS is a synchronised driver call they do not need.
     */
    private GemmEngine engine;

    private NativeNnOps(NativeBackend backend, GemmSource source) {
        this.backend = backend;
        this.ownKernels = new KernelGemm(backend);
        this.source = source;
    }

    /** The layer passes on a native backend, their products on the GEMM the source asks for. */
    static NativeNnOps on(NativeBackend backend, GemmSource source) { return new NativeNnOps(backend, source); }

    private GemmEngine engine() {
        if (engine == null)
            engine = source == GemmSource.OWN_KERNELS ? ownKernels : VendorBlasGemm.on(backend).orElse(ownKernels);
        return engine;
    }

    /** What computes this instance's matrix products. */
    String gemmDescription() { return engine().describe(); }

    private void addBias(DeviceBuffer y, DeviceBuffer b, long total, int channels, int pixels) {
        backend.launch(backend.kernel(MODULE, "add_channel_bias", y.precision()), gridStride(total), y, b, total, channels, pixels);
    }

    private void channelSum(DeviceBuffer dy, DeviceBuffer db, int batch, int channels, int pixels) {
        Precision p = dy.precision();
        int group = Integer.highestOneBit(Math.min(GROUP, backend.info().maxGroupSize()));
        backend.launch(backend.kernel(MODULE, "channel_sum", p), new Launch(channels, group, (long) group * p.bytes()),
                dy, db, batch, channels, pixels);
    }

    @Override
    public void linearForward(int batch, int in, int out, DeviceBuffer x, DeviceBuffer w, DeviceBuffer b, DeviceBuffer y) {
        engine().gemm(false, true, batch, out, in, 1, x, 0, in, 0, w, 0, in, 0, 0, y, 0, out, 0, 1, false);
        addBias(y, b, (long) batch * out, out, 1);
    }

    @Override
    public void linearBackward(int batch, int in, int out, DeviceBuffer x, DeviceBuffer w, DeviceBuffer dy,
                               DeviceBuffer dx, DeviceBuffer dw, DeviceBuffer db) {
        if (dx != null) engine().gemm(false, false, batch, in, out, 1, dy, 0, out, 0, w, 0, in, 0, 0, dx, 0, in, 0, 1, false);
        engine().gemm(true, false, out, in, batch, 1, dy, 0, out, 0, x, 0, in, 0, 1, dw, 0, in, 0, 1, false);
        channelSum(dy, db, batch, out, 1);
    }

    /** Images per im2col chunk. */
    private int chunk(ConvGeometry g, Precision p) {
        long perImage = (long) g.patchSize() * g.outPixels() * p.bytes();
        long limit = Math.min(COL_BYTES, backend.memoryBudgetBytes() / 4);
        return (int) Math.max(1, Math.min(g.batch(), limit / perImage));
    }

    private void im2col(ConvGeometry g, DeviceBuffer x, long xOff, DeviceBuffer col, int images) {
        backend.launch(backend.kernel(MODULE, "im2col", x.precision()),
                gridStride((long) images * g.patchSize() * g.outPixels()), x, xOff, col, images, g.inChannels(),
                g.inHeight(), g.inWidth(), g.kernel(), g.stride(), g.padding(), g.outHeight(), g.outWidth());
    }

    @Override
    public void conv2dForward(ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer b, DeviceBuffer y) {
        Precision p = y.precision();
        int patch = g.patchSize(), pixels = g.outPixels(), outC = g.outChannels();
        long inSize = (long) g.inChannels() * g.inPixels(), outSize = (long) outC * pixels;
        int chunk = chunk(g, p);
        try (DeviceBuffer col = backend.allocate(p, (long) chunk * patch * pixels)) {
            for (int img = 0; img < g.batch(); img += chunk) {
                int images = Math.min(chunk, g.batch() - img);
                im2col(g, x, img * inSize, col, images);
                engine().gemm(false, false, outC, pixels, patch, 1, w, 0, patch, 0, col, 0, pixels, (long) patch * pixels,
                        0, y, img * outSize, pixels, outSize, images, false);
            }
            addBias(y, b, g.batch() * outSize, outC, pixels);
            backend.synchronize();   // col is freed when this block ends
        }
    }

    @Override
    public void conv2dBackward(ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer dy,
                               DeviceBuffer dx, DeviceBuffer dw, DeviceBuffer db) {
        Precision p = dy.precision();
        int patch = g.patchSize(), pixels = g.outPixels(), outC = g.outChannels();
        long inSize = (long) g.inChannels() * g.inPixels(), outSize = (long) outC * pixels, colSize = (long) patch * pixels;
        int chunk = chunk(g, p);
        try (DeviceBuffer col = backend.allocate(p, chunk * colSize);
             DeviceBuffer dcol = dx == null ? null : backend.allocate(p, chunk * colSize)) {
            for (int img = 0; img < g.batch(); img += chunk) {
                int images = Math.min(chunk, g.batch() - img);
                im2col(g, x, img * inSize, col, images);
                // dw += Σ_img dy_img (outC×pixels) · col_imgᵀ (pixels×patch)
                engine().gemm(false, true, outC, patch, pixels, 1, dy, img * outSize, pixels, outSize, col, 0, pixels, colSize,
                        1, dw, 0, patch, 0, images, true);
                if (dcol != null) {
                    // dcol_img = wᵀ (patch×outC) · dy_img (outC×pixels), then fold back into dx
                    engine().gemm(true, false, patch, pixels, outC, 1, w, 0, patch, 0, dy, img * outSize, pixels, outSize,
                            0, dcol, 0, pixels, colSize, images, false);
                    backend.launch(backend.kernel(MODULE, "col2im", p), gridStride(images * inSize), dcol, dx, img * inSize,
                            images, g.inChannels(), g.inHeight(), g.inWidth(), g.kernel(), g.stride(), g.padding(),
                            g.outHeight(), g.outWidth());
                }
            }
            channelSum(dy, db, g.batch(), outC, pixels);
            backend.synchronize();
        }
    }

    private static int code(Activation act) {
        switch (act) {
            case RELU: return 0;
            case TANH: return 1;
            case ELU: return 2;
            default: return 3;
        }
    }

    @Override
    public void activationForward(Activation act, double alpha, long n, DeviceBuffer x, DeviceBuffer y) {
        Precision p = y.precision();
        backend.launch(backend.kernel(MODULE, "activation_forward", p), gridStride(n), x, y, n, code(act), p.scalar(alpha));
    }

    @Override
    public void activationBackward(Activation act, double alpha, long n, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dx) {
        Precision p = dx.precision();
        backend.launch(backend.kernel(MODULE, "activation_backward", p), gridStride(n), x, dy, dx, n, code(act), p.scalar(alpha));
    }

    @Override
    public void maxPoolForward(PoolGeometry g, DeviceBuffer x, DeviceBuffer y, DeviceBuffer argmax) {
        backend.launch(backend.kernel(MODULE, "maxpool_forward", y.precision()), gridStride(g.outputSize()), x, y, argmax,
                g.batch() * g.channels(), g.inHeight(), g.inWidth(), g.window(), g.stride(), g.outHeight(), g.outWidth());
    }

    @Override
    public void maxPoolBackward(PoolGeometry g, DeviceBuffer dy, DeviceBuffer argmax, DeviceBuffer dx, long inputSize) {
        backend.launch(backend.kernel(MODULE, "maxpool_backward", dx.precision()), gridStride(inputSize), dy, argmax, dx,
                g.batch() * g.channels(), g.inHeight(), g.inWidth(), g.window(), g.stride(), g.outHeight(), g.outWidth());
    }

    @Override
    public void add(long n, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out) {
        backend.launch(backend.kernel(MODULE, "add", out.precision()), gridStride(n), a, b, out, n);
    }

    @Override
    public void activationCurvature(Activation act, double alpha, long n, DeviceBuffer x, DeviceBuffer rx, DeviceBuffer gy, DeviceBuffer out) {
        Precision p = out.precision();
        backend.launch(backend.kernel(MODULE, "activation_curvature", p), gridStride(n), x, rx, gy, out, n, code(act), p.scalar(alpha));
    }

    @Override
    public void maxPoolGather(PoolGeometry g, DeviceBuffer rx, DeviceBuffer argmax, DeviceBuffer ry) {
        backend.launch(backend.kernel(MODULE, "maxpool_gather", ry.precision()), gridStride(g.outputSize()), rx, argmax, ry, g.outputSize());
    }
}
