package org.newton4j.sort;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.Kernel;
import org.newton4j.device.Launch;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;

/**
 * The OpenCL/CUDA implementation: kernel {@code rank_eval} of module "sort" (kernels/common/sort.h). One
 * work-item per sample, or per (sample, Hessian column) when a Hessian is asked for; every requested
 * output comes from one launch per chunk. The batch is streamed in chunks whose global-memory workspace
 * fits half of {@link NativeBackend#memoryBudgetBytes()}.
 */
public final class NativeRanking implements RankingEngine {
    private static final int PERM = 1, SORTED = 2, LOSS = 4, GRAD = 8, HESS = 16, HVP = 32;

    /** System property forcing the workspace layout: "interleaved" or "contiguous" (default: by device). */
    public static final String LAYOUT_PROPERTY = "newton4j.sort.workspaceLayout";

    /** System property capping the samples per streamed chunk (default: what the memory budget allows). */
    public static final String CHUNK_PROPERTY = "newton4j.sort.chunkSamples";

    /** What guard mode leaves past each chunk's workspace (exact in float32 and float64). */
    static final double GUARD_SENTINEL = -12345.5;

    private final NativeBackend backend;
    private final int scratchGuard;

    NativeRanking(NativeBackend backend) { this(backend, 0); }

    /**
     * Test hook (guard mode) when scratchGuard > 0: the workspace gets scratchGuard extra elements, is filled
     * with {@link #GUARD_SENTINEL} before every chunk's launch, and after it everything past that chunk's own
     * workspace (count × ndir × stride REALs, the most the kernel may touch) is read back and must still hold
     * the sentinel, else {@link IllegalStateException}. Slow (a fill and a read per chunk): tests only.
     */
    NativeRanking(NativeBackend backend, int scratchGuard) {
        if (scratchGuard < 0) throw new IllegalArgumentException("scratchGuard: must be >= 0, got " + scratchGuard);
        this.backend = backend;
        this.scratchGuard = scratchGuard;
    }


    @Override
    public void evaluate(RankingLoss spec, DeviceBuffer x, DeviceBuffer ranks, int size, int n, RankingOutputs out) {
        int flags = (out.permutation() != null ? PERM : 0) | (out.sorted() != null ? SORTED : 0)
                | (out.loss() != null ? LOSS : 0) | (out.gradient() != null ? GRAD : 0) | (out.hessian() != null ? HESS : 0);
        run(spec, x, ranks, size, n, flags, out.permutation(), out.sorted(), out.loss(), out.gradient(),
                out.hessian(), null);
    }

    @Override
    public void hessianVectorProduct(RankingLoss spec, DeviceBuffer x, DeviceBuffer ranks, int size, int n,
                                     DeviceBuffer u, DeviceBuffer out) {
        run(spec, x, ranks, size, n, HVP, null, null, null, null, out, u);
    }

    /** REALs of global workspace one work-item needs (layout in kernels/common/sort.h; items interleaved). */
    static long stride(int n, int ncomp) {
        return ncomp > 0 ? 11L * ncomp + 8L * n : 15L * n;
    }

    private void run(RankingLoss spec, DeviceBuffer x, DeviceBuffer ranks, int size, int n, int flags,
                     DeviceBuffer perm, DeviceBuffer sorted, DeviceBuffer loss, DeviceBuffer grad,
                     DeviceBuffer hout, DeviceBuffer dirs) {
        Precision precision = x.precision();
        int[] comps = spec.comparators(n);
        int ncomp = comps == null ? 0 : comps.length / 2;
        int ndir = (flags & HESS) != 0 ? n : 1;
        checkBounds(x, ranks, comps, size, n, flags, perm, sorted, loss, grad, hout, dirs);
        long stride = stride(n, ncomp);
        long perSample = stride * ndir * precision.bytes();
        long chunk = Math.max(1, Math.min(size, backend.memoryBudgetBytes() / 2 / perSample));
        chunk = Math.min(chunk, Integer.MAX_VALUE / ndir / 2);
        chunk = Math.min(chunk, Math.max(1, Long.getLong(CHUNK_PROPERTY, Long.MAX_VALUE)));
        int groupSize = Math.max(32, Math.min(128, backend.simdWidth()));
        int algo = spec.kind() == RankingLoss.Kind.SORTING_NETWORK ? 0 : spec.kind() == RankingLoss.Kind.NEURAL_SORT ? 1 : 2;
        int relax = spec.relaxation() == null ? 0 : spec.relaxation().code();
        double beta = spec.kind() == RankingLoss.Kind.SORTING_NETWORK ? spec.steepness() : 0;
        double lambda = spec.kind() == RankingLoss.Kind.SORTING_NETWORK ? spec.artLambda() : 0;
        double tau = spec.kind() == RankingLoss.Kind.SORTING_NETWORK ? 0 : spec.tau();
        Kernel kernel = backend.kernel("sort", "rank_eval", precision);
        boolean interleave = interleavedWorkspaces();
        try (DeviceBuffer dummyReal = backend.allocate(precision, 1);
             DeviceBuffer dummyInt = backend.allocate(ElementType.I32, 2);
             DeviceBuffer compBuf = comps == null ? null : backend.upload(comps);
             DeviceBuffer scratch = backend.allocate(precision,
                     Math.addExact(Math.multiplyExact(chunk * ndir, stride), scratchGuard))) {
            for (long first = 0; first < size; first += chunk) {
                int count = (int) Math.min(chunk, size - first);
                long items = (long) count * ndir;
                if (scratchGuard > 0) backend.fill(scratch, GUARD_SENTINEL);
                backend.launch(kernel, Launch.covering(items, groupSize),
                        x, or(ranks, dummyInt), or(compBuf, dummyInt), ncomp,
                        or(perm, dummyReal), or(sorted, dummyReal), or(loss, dummyReal), or(grad, dummyReal),
                        or(hout, dummyReal), or(dirs, dummyReal), scratch, stride, interleave ? 1 : 0,
                        n, algo, relax, precision.scalar(beta), precision.scalar(lambda), precision.scalar(tau),
                        first, count, ndir, flags);
                if (scratchGuard > 0) checkGuard(scratch, items * stride, first, count);
            }
            // the workspace is freed on return: wait for the launches that use it
            backend.synchronize();
        }
    }

    /**
     * The last check before native memory is touched (callers such as {@link RankingLoss} check shapes
     * exactly; this one holds for any caller): every buffer the kernel reads or writes has the kernel's
     * precision and at least the elements it indexes, and every comparator names a wire in [0, n). The
     * kernel's own indexing is then in bounds (see kernels/common/sort.h and the table in
     * native-tests/java/org/newton4j/sort/SortCanaryConformanceTest.java).
     */
    private static void checkBounds(DeviceBuffer x, DeviceBuffer ranks, int[] comps, int size, int n, int flags,
                                    DeviceBuffer perm, DeviceBuffer sorted, DeviceBuffer loss, DeviceBuffer grad,
                                    DeviceBuffer hout, DeviceBuffer dirs) {
        RankingLoss.checkN(n);
        if (size < 0) throw new IllegalArgumentException("size: must be >= 0, got " + size);
        long sn = (long) size * n, snn = sn * n;
        boolean tangent = (flags & (HESS | HVP)) != 0;
        boolean needRanks = (flags & (LOSS | GRAD)) != 0 || tangent;
        need("x", x, x, sn);
        if (needRanks) {
            if (ranks == null || ranks.type() != ElementType.I32) throw new IllegalArgumentException("ranks: an I32 buffer is required");
            if (ranks.length() < sn) throw new IllegalArgumentException("ranks: " + ranks.length() + " elements < " + sn);
        }
        if ((flags & PERM) != 0) need("permutation", perm, x, snn);
        if ((flags & SORTED) != 0) need("sorted", sorted, x, sn);
        if ((flags & LOSS) != 0) need("loss", loss, x, size);
        if ((flags & GRAD) != 0) need("gradient", grad, x, sn);
        if ((flags & HESS) != 0) need("hessian", hout, x, snn);
        if ((flags & HVP) != 0) { need("out", hout, x, sn); need("direction", dirs, x, sn); }
        if (comps != null)
            for (int c : comps)
                if (c < 0 || c >= n) throw new IllegalStateException("comparator wire " + c + " outside [0, " + n + ")");
    }

    private static void need(String name, DeviceBuffer b, DeviceBuffer x, long length) {
        if (b == null) throw new IllegalArgumentException(name + ": must not be null");
        if (b.type() != x.type()) throw new IllegalArgumentException(name + ": must be " + x.type() + ", got " + b.type());
        if (b.length() < length) throw new IllegalArgumentException(name + ": " + b.length() + " elements < " + length);
    }

    /** Guard mode: everything from the chunk's workspace end to the buffer's end still holds the sentinel. */
    private void checkGuard(DeviceBuffer scratch, long used, long first, int count) {
        long tail = scratch.length() - used;
        if (tail > Integer.MAX_VALUE) throw new IllegalStateException("guard mode: workspace tail too long to read back");
        double[] back = new double[(int) tail];
        backend.read(scratch, used, back, 0, back.length);  // blocking: orders after the launch
        for (int i = 0; i < back.length; i++)
            if (back[i] != GUARD_SENTINEL)
                throw new IllegalStateException("sort workspace overrun: element " + (used + i) + " (" + i
                        + " past the " + used + " the chunk of samples " + first + ".." + (first + count - 1)
                        + " may touch) is " + back[i]);
    }

    /**
     * GPUs want the work-items' workspaces interleaved (coalesced accesses); a CPU OpenCL device (PoCL) runs
     * each item on one core and wants them contiguous (cache locality: 2.5× faster there for Hessians).
     */
    private boolean interleavedWorkspaces() {
        String forced = System.getProperty(LAYOUT_PROPERTY);
        if (forced != null) return !forced.trim().equalsIgnoreCase("contiguous");
        if (backend.kind() == org.newton4j.device.BackendKind.CUDA) return true;
        String name = backend.info().name().toLowerCase(java.util.Locale.ROOT);
        return !(name.contains("pthread") || name.contains("cpu") || name.contains("pocl"));
    }

    private static DeviceBuffer or(DeviceBuffer b, DeviceBuffer fallback) { return b != null ? b : fallback; }
}
