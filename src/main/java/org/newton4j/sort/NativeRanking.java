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

    private final NativeBackend backend;

    NativeRanking(NativeBackend backend) { this.backend = backend; }


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
             DeviceBuffer scratch = backend.allocate(precision, chunk * ndir * stride)) {
            for (long first = 0; first < size; first += chunk) {
                int count = (int) Math.min(chunk, size - first);
                long items = (long) count * ndir;
                backend.launch(kernel, Launch.covering(items, groupSize),
                        x, or(ranks, dummyInt), or(compBuf, dummyInt), ncomp,
                        or(perm, dummyReal), or(sorted, dummyReal), or(loss, dummyReal), or(grad, dummyReal),
                        or(hout, dummyReal), or(dirs, dummyReal), scratch, stride, interleave ? 1 : 0,
                        n, algo, relax, precision.scalar(beta), precision.scalar(lambda), precision.scalar(tau),
                        first, count, ndir, flags);
            }
            // the workspace is freed on return: wait for the launches that use it
            backend.synchronize();
        }
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
