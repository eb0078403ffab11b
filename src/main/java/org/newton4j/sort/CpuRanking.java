package org.newton4j.sort;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.device.cpu.CpuBuffer;

/**
 * The CPU reference: {@link RankingSample} per sample (and per Hessian column), parallel over the batch.
 * Computes in float64; float32 buffers round on store.
 */
final class CpuRanking implements RankingEngine {
    static final CpuRanking INSTANCE = new CpuRanking();

    private CpuRanking() { }

    @Override
    public void evaluate(RankingLoss spec, DeviceBuffer xBuf, DeviceBuffer ranksBuf, int size, int n, RankingOutputs out) {
        double[] x = CpuBackend.buffer(xBuf).reals();
        int[] ranks = ranksBuf == null ? null : CpuBackend.buffer(ranksBuf).ints();
        int[] comps = spec.comparators(n);
        double[] perm = hostOf(out.permutation()), sorted = hostOf(out.sorted()), loss = hostOf(out.loss());
        double[] grad = hostOf(out.gradient()), hess = hostOf(out.hessian());
        ThreadLocal<RankingSample> workers = ThreadLocal.withInitial(() -> new RankingSample(spec, n, comps, xBuf.precision()));
        if (hess != null && RankingSample.batchedHessian(spec, n, comps)) {
            // sorting networks: every output of a sample from one pass carrying all n directions
            CpuBackend.parallelFor(size, s -> {
                RankingSample.Sink sink = primalSink(s, n, perm, sorted, loss, grad);
                workers.get().networkHessian(x, s * n, ranks, s * n, hess, s * n * n, sink);
            });
            roundStored(out.permutation(), out.sorted(), out.loss(), out.gradient(), out.hessian());
            return;
        }
        boolean primal = perm != null || sorted != null || loss != null || grad != null;
        if (primal) {
            CpuBackend.parallelFor(size, s -> {
                RankingSample.Sink sink = primalSink(s, n, perm, sorted, loss, grad);
                workers.get().run(x, s * n, ranks, s * n, null, 0, -1, sink);
            });
        }
        if (hess != null) {
            // one task per (sample, column): column c of H is the HVP along e_c; H is symmetric, stored as row c
            CpuBackend.parallelFor(Math.multiplyExact(size, n), t -> {
                int s = t / n, c = t % n;
                RankingSample.Sink sink = new RankingSample.Sink();
                sink.hu = hess; sink.huAt = (s * n + c) * n;
                workers.get().run(x, s * n, ranks, s * n, null, 0, c, sink);
            });
        }
        roundStored(out.permutation(), out.sorted(), out.loss(), out.gradient(), out.hessian());
    }

    @Override
    public void hessianVectorProduct(RankingLoss spec, DeviceBuffer xBuf, DeviceBuffer ranksBuf, int size, int n,
                                     DeviceBuffer uBuf, DeviceBuffer outBuf) {
        double[] x = CpuBackend.buffer(xBuf).reals();
        int[] ranks = CpuBackend.buffer(ranksBuf).ints();
        double[] u = CpuBackend.buffer(uBuf).reals(), out = CpuBackend.buffer(outBuf).reals();
        int[] comps = spec.comparators(n);
        ThreadLocal<RankingSample> workers = ThreadLocal.withInitial(() -> new RankingSample(spec, n, comps, xBuf.precision()));
        CpuBackend.parallelFor(size, s -> {
            RankingSample.Sink sink = new RankingSample.Sink();
            sink.hu = out; sink.huAt = s * n;
            workers.get().run(x, s * n, ranks, s * n, u, s * n, -1, sink);
        });
        roundStored(outBuf);
    }

    /** Where sample s of n elements writes its permutation, sorted values, loss and gradient (each may be null). */
    private static RankingSample.Sink primalSink(int s, int n, double[] perm, double[] sorted, double[] loss, double[] grad) {
        RankingSample.Sink sink = new RankingSample.Sink();
        sink.perm = perm; sink.permAt = s * n * n;
        sink.sorted = sorted; sink.sortedAt = s * n;
        sink.loss = loss; sink.lossAt = s;
        sink.grad = grad; sink.gradAt = s * n;
        return sink;
    }

    private static double[] hostOf(DeviceBuffer b) { return b == null ? null : CpuBackend.buffer(b).reals(); }

    /** The samples wrote doubles straight into the heap arrays; float32 buffers must hold rounded values. */
    private static void roundStored(DeviceBuffer... buffers) {
        for (DeviceBuffer b : buffers) {
            if (b == null || b.precision() != org.newton4j.device.Precision.F32) continue;
            CpuBuffer cb = CpuBackend.buffer(b);
            double[] r = cb.reals();
            for (int i = 0; i < r.length; i++) r[i] = (float) r[i];
        }
    }
}
