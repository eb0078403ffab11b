package org.newton4j.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.Backends;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.sort.Network;
import org.newton4j.sort.RandomRanks;
import org.newton4j.sort.RankingLoss;
import org.newton4j.sort.RankingOutputs;
import org.newton4j.sort.Relaxation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Relaxed sorting network (odd-even, logistic, float32 on devices / float64 on the CPU) ranking loss:
 * forward + gradient and the full per-sample Hessian on a backend, next to the naive dense-layer
 * formulation of the reference library (each layer an n×n matrix product, CPU, same run) so the ratio
 * can be read off directly. The dense baseline runs only on the cpu backend rows (it is a Java baseline).
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main SortBenchmark \
 *      -p backend=cpu -p n=10 -p samples=1000 -f 0 -wi 1 -i 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class SortBenchmark {
    @Param({"cpu", "opencl"})
    public String backend;

    @Param({"5", "10", "32", "128"})
    public int n;

    @Param({"1000", "100000"})
    public int samples;

    private Backend device;
    private Precision precision;
    private RankingLoss loss;
    private DenseLayerSortingNetwork dense;
    private double[] hostX, hostLoss, hostGrad;
    private int[] hostRanks;
    private DeviceBuffer x, ranks, lossBuf, grad, hess;

    @Setup(Level.Trial)
    public void setUp() {
        device = Backends.open(BackendKind.parse(backend, "backend"));
        precision = device.kind() == BackendKind.CPU ? Precision.F64 : Precision.F32;
        loss = RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.LOGISTIC, 2.0);
        dense = new DenseLayerSortingNetwork(Network.ODD_EVEN.comparators(n), n, 2.0);
        Random rnd = new Random(1);
        hostX = new double[samples * n];
        for (int i = 0; i < hostX.length; i++) hostX[i] = rnd.nextGaussian();
        hostRanks = RandomRanks.of(rnd, samples, n);
        hostLoss = new double[samples];
        hostGrad = new double[samples * n];
        checkBaselineAgrees();
        x = device.upload(precision, hostX);
        ranks = device.upload(hostRanks);
        lossBuf = device.allocate(precision, samples);
        grad = device.allocate(precision, (long) samples * n);
    }

    /** The dense baseline must compute the same loss and gradient, or the ratio would mean nothing. */
    private void checkBaselineAgrees() {
        int m = Math.min(samples, 4);
        double[] xs = java.util.Arrays.copyOf(hostX, m * n);
        int[] rs = java.util.Arrays.copyOf(hostRanks, m * n);
        double[] l = new double[m], g = new double[m * n];
        dense.lossAndGradient(xs, rs, l, g);
        org.newton4j.sort.RankingResult ours = loss.evaluate(xs, rs, n,
                java.util.EnumSet.of(org.newton4j.sort.RankingOutput.LOSS, org.newton4j.sort.RankingOutput.GRADIENT));
        for (int i = 0; i < g.length; i++)
            if (Math.abs(g[i] - ours.gradient()[i]) > 1e-9 * (1 + Math.abs(g[i])))
                throw new IllegalStateException("dense baseline gradient differs at " + i + ": " + g[i] + " vs " + ours.gradient()[i]);
        for (int i = 0; i < m; i++)
            if (Math.abs(l[i] - ours.loss()[i]) > 1e-9 * (1 + Math.abs(l[i])))
                throw new IllegalStateException("dense baseline loss differs at " + i);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (DeviceBuffer b : new DeviceBuffer[] {x, ranks, lossBuf, grad, hess}) if (b != null) b.close();
        device.close();
    }

    @Benchmark
    public void forwardGradient() {
        loss.evaluate(x, ranks, n, new RankingOutputs(null, null, lossBuf, grad, null));
        device.synchronize();
    }

    /** Full n×n Hessians (plus loss and gradient, same launch); skipped where the batch of Hessians would not fit. */
    @Benchmark
    public void hessian() {
        long elements = (long) samples * n * n;
        if (elements > 200_000_000L) return; // 100k × 128² doubles is 13 GB: not measured
        if (hess == null) hess = device.allocate(precision, elements);
        loss.evaluate(x, ranks, n, new RankingOutputs(null, null, lossBuf, grad, hess));
        device.synchronize();
    }

    /** The reference library's dense-layer formulation of the same forward + gradient (Java, CPU). */
    @Benchmark
    public void denseLayerForwardGradient() {
        if (device.kind() != BackendKind.CPU) return;
        dense.lossAndGradient(hostX, hostRanks, hostLoss, hostGrad);
    }
}
