package org.newton4j.nn;

import static org.newton4j.nn.NnLaunches.MODULE;
import static org.newton4j.nn.NnLaunches.gridStride;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Launch;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;

/**
 * newton4j's own GEMM kernels (kernels/common/nn.h), one source for CUDA and OpenCL. A reduction (or a
 * single product) over a C of few tiles is split into slices: the kernel writes their partial products to
 * a workspace (alpha 1, beta 0) and gemm_sum_slices adds them into C, so no atomics are needed and the
 * results are deterministic.
 */
final class KernelGemm implements GemmEngine {
    /** Edge of the C tile of kernel "gemm" (one output per thread: TILE² threads per group). */
    static final int TILE = 16;
    /**
     * Kernel "gemm_blocked": a BLOCKED_TILE² tile of C per group of TILE² threads (4×4 outputs per thread in
     * registers), K staged in slices of BLOCKED_K through local memory, panel rows padded by one element
     * (must match GB_TILE, GB_K and GB_PITCH in kernels/common/nn.h).
     */
    private static final int BLOCKED_TILE = 64;
    private static final int BLOCKED_K = 16;
    /**
     * The blocked kernel is chosen when C has at least this many rows and columns: below one full 64-wide tile
     * in either direction most of its group would compute padding, and the 16×16 kernel spreads a small
     * product over more groups (more of the GPU busy); from one full tile on, the 4× reuse of every staged
     * operand value (16 FMAs per 8 local loads instead of 1 per 2) wins (bench row nn/gemm_fwd).
     */
    static final int BLOCKED_MIN_M = BLOCKED_TILE;
    static final int BLOCKED_MIN_N = BLOCKED_TILE;
    /**
     * A reduction whose C has fewer tiles than this many per compute unit is split: the weight gradient of
     * a convolution has a C of a few tiles (outC × patch) and a reduction over every pixel of every image
     * (10⁵–10⁶ terms), which one group per tile would walk alone while the rest of the GPU idles.
     */
    static final int GROUPS_PER_COMPUTE_UNIT = 4;
    /** Each slice sums at least this many K steps, so that writing and re-reading its partial C stays small. */
    static final int MIN_STEPS_PER_SLICE = 16;
    /** Upper bound of a workspace that holds partial products (also used by {@link VendorBlasGemm}). */
    static final long MAX_SLICES_BYTES = 64L << 20;

    private final NativeBackend backend;

    KernelGemm(NativeBackend backend) {
        if (backend.info().maxGroupSize() < TILE * TILE)
            throw new IllegalArgumentException("backend: " + backend.kind() + " allows work-groups of " + backend.info().maxGroupSize()
                    + " threads; the nn GEMM kernel needs " + TILE * TILE);
        this.backend = backend;
    }

    @Override public String describe() { return "newton4j kernels"; }

    /** Whether {@link #gemm} launches "gemm_blocked" (else "gemm") for an m×n C. */
    static boolean usesBlockedKernel(int m, int n) { return m >= BLOCKED_MIN_M && n >= BLOCKED_MIN_N; }

    /**
     * How many slices a reduction of {@code steps} K steps into a C of {@code tiles} tiles is cut into
     * (1: not split): enough to give every compute unit {@link #GROUPS_PER_COMPUTE_UNIT} groups, no more than
     * the steps allow and the workspace bound holds.
     */
    static int reductionSlices(long tiles, long steps, int computeUnits, long bytesPerSlice) {
        long wanted = ((long) GROUPS_PER_COMPUTE_UNIT * Math.max(1, computeUnits) + tiles - 1) / tiles;
        long slices = Math.min(wanted, Math.min(steps / MIN_STEPS_PER_SLICE, MAX_SLICES_BYTES / Math.max(1, bytesPerSlice)));
        return (int) Math.max(1, slices);
    }

    /** The kernel {@link #gemm} launches for an m×n C, its tile edge, its K step and the tiles of C. */
    private record Tiling(boolean blocked, int tile, int kStep, long tiles) {
        static Tiling of(int m, int n) {
            boolean blocked = usesBlockedKernel(m, n);
            int tile = blocked ? BLOCKED_TILE : TILE;
            return new Tiling(blocked, tile, blocked ? BLOCKED_K : TILE, (long) ((m + tile - 1) / tile) * ((n + tile - 1) / tile));
        }

        long scratchElements() { return blocked ? 2L * BLOCKED_K * (BLOCKED_TILE + 1) : 2L * TILE * TILE; }
    }

    /** The slices {@link #gemm} cuts a reduce-mode product (or a single one) of these dimensions into. */
    int reductionSlices(int m, int n, int k, int batch, Precision p) {
        return reductionSlices(Tiling.of(m, n), m, n, k, batch, p);
    }

    private int reductionSlices(Tiling t, int m, int n, int k, int batch, Precision p) {
        long steps = (long) batch * ((k + t.kStep() - 1) / t.kStep());
        return reductionSlices(t.tiles(), steps, backend.info().computeUnits(), (long) m * n * p.bytes());
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     DeviceBuffer a, long aOff, int lda, long strideA, DeviceBuffer b, long bOff, int ldb, long strideB,
                     double beta, DeviceBuffer c, long cOff, int ldc, long strideC, int batch, boolean reduce) {
        Precision p = c.precision();
        Tiling t = Tiling.of(m, n);
        boolean reduced = reduce || batch == 1;   // one product is a reduction of one entry
        int slices = reduced ? reductionSlices(t, m, n, k, batch, p) : 0;
        boolean split = slices > 1;
        long mn = (long) m * n;
        try (DeviceBuffer partial = split ? backend.allocate(p, slices * mn) : null) {
            backend.launch(backend.kernel(MODULE, t.blocked() ? "gemm_blocked" : "gemm", p),
                    new Launch(t.tiles() * (reduced ? slices : batch), TILE * TILE, t.scratchElements() * p.bytes()),
                    a, aOff, lda, strideA, transA ? 1 : 0, b, bOff, ldb, strideB, transB ? 1 : 0,
                    split ? partial : c, split ? 0L : cOff, split ? n : ldc, split ? mn : strideC,
                    m, n, k, batch, slices, p.scalar(split ? 1 : alpha), p.scalar(split ? 0 : beta));
            if (split) {
                sumSlices(backend, partial, slices, m, n, c, cOff, ldc, alpha, beta);
                backend.synchronize();   // partial is freed when this block ends
            }
        }
    }

    /** C = alpha·Σ_s partial_s + beta·C, the slices m×n and contiguous in {@code partial} (kernel gemm_sum_slices). */
    static void sumSlices(NativeBackend backend, DeviceBuffer partial, int slices, int m, int n,
                          DeviceBuffer c, long cOff, int ldc, double alpha, double beta) {
        Precision p = c.precision();
        backend.launch(backend.kernel(MODULE, "gemm_sum_slices", p), gridStride((long) m * n),
                partial, slices, m, n, c, cOff, ldc, p.scalar(alpha), p.scalar(beta));
    }
}
