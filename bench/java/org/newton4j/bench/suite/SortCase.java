package org.newton4j.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.sort.Network;
import org.newton4j.sort.RandomRanks;
import org.newton4j.sort.RankingLoss;
import org.newton4j.sort.RankingOutputs;
import org.newton4j.sort.Relaxation;

/**
 * Every ranking algorithm (odd-even/cauchy and bitonic/logistic sorting networks, NeuralSort, SoftSort)
 * on N score vectors of n = 32, float32: the BCE ranking loss with its gradient ({@code *_fwd_grad}),
 * and with the full per-sample n×n Hessian as well ({@code *_hessian}, one launch). Floor: scores and
 * ranks read once; loss, gradient (and Hessian) written once. PyTorch's references: diffsort-style
 * dense layers, NeuralSort and SoftSort with autograd and functorch vmap(hessian) (bench/torch_ref.py).
 */
public final class SortCase implements SuiteCase {
    static final int N_ELEMENTS = 32;

    @Override public String family() { return "sort"; }

    private record Algorithm(String name, RankingLoss loss) { }

    static List<Algorithm> algorithms() {
        return List.of(
                new Algorithm("odd_even_cauchy", RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.CAUCHY, 10.0)),
                new Algorithm("bitonic_logistic", RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.LOGISTIC, 10.0)),
                new Algorithm("neuralsort", RankingLoss.neuralSort(1.0)),
                new Algorithm("softsort", RankingLoss.softSort(1.0)));
    }

    @Override
    public List<SuiteRow> run(Backend backend, Floor floor, Timing timing, boolean quick) {
        boolean cuda = backend.kind() == BackendKind.CUDA;
        // N = 32768 samples of 32 fill an H100 (PyTorch's dense layers keep ~20 GB for the backward pass there);
        // 8192 Hessians keep PyTorch's vmap(hessian) within the lease.
        int forwardN = quick ? 128 : cuda ? 32_768 : 2_048;
        int hessianN = quick ? 32 : cuda ? 8_192 : 512;
        List<SuiteRow> rows = new ArrayList<>();
        for (Algorithm a : algorithms()) {
            rows.add(one(backend, floor, timing, a, forwardN, false));
            rows.add(one(backend, floor, timing, a, hessianN, true));
        }
        return rows;
    }

    private SuiteRow one(Backend be, Floor floor, Timing timing, Algorithm a, int batch, boolean hessian) {
        int n = N_ELEMENTS;
        Precision p = Precision.F32;
        Random rnd = new Random(batch * 31L + a.name().hashCode());
        long inBytes = (long) batch * n * (p.bytes() + 4);
        try (Rotation in = new Rotation(Rotation.copiesFor(timing, inBytes), c -> {
                double[] x = new double[batch * n];
                for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
                return new DeviceBuffer[] {be.upload(p, x), be.upload(RandomRanks.of(rnd, batch, n))};
             });
             DeviceBuffer loss = be.allocate(p, batch);
             DeviceBuffer grad = be.allocate(p, (long) batch * n);
             DeviceBuffer hess = hessian ? be.allocate(p, (long) batch * n * n) : null) {
            RankingOutputs out = new RankingOutputs(null, null, loss, grad, hess);
            double ms = timing.medianMillis(be, c -> {
                DeviceBuffer[] b = in.get(c);
                a.loss().evaluate(b[0], b[1], n, out);
            });
            long bytes = inBytes + (long) batch * (1 + n + (hessian ? (long) n * n : 0)) * p.bytes();
            return new SuiteRow("sort", a.name() + (hessian ? "_hessian" : "_fwd_grad"), "n=" + n + " N=" + batch,
                    p.toString(), be.kind().toString(), ms, floor.millisFor(bytes));
        }
    }

}
