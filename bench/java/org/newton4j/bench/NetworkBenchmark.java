package org.newton4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.*;
import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.Backends;
import org.newton4j.device.Precision;
import org.newton4j.nn.CpuGemm;
import org.newton4j.nn.Sequential;
import org.newton4j.nn.Tensor;
import org.newton4j.train.RankingNetwork;

/**
 * One training pass (forward + backward) of the ranking CNN on a minibatch of 8 sets × 5 elements
 * (40 images of 28×112), per backend and network width; and the blocked CPU GEMM beside a naive
 * triple loop and the offset-indexed row updates it replaced, on the shape of the second convolution
 * (64×800 · 800×784), the references measured in the same run.
 *
 * Run: bench/run-jmh.sh NetworkBenchmark -p backend=cpu
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class NetworkBenchmark {
    @Param({"cpu", "opencl"})
    public String backend;

    /** conv1,conv2,hidden */
    @Param({"32-64-64", "16-32-64", "8-16-32"})
    public String widths;

    @Param({"f64", "f32"})
    public String precision;

    private Backend be;
    private Sequential net;
    private Tensor images;
    private Tensor cotangent;
    private final double[] a = new double[64 * 800], b = new double[800 * 784], c = new double[64 * 784];

    @Setup(Level.Trial)
    public void setup() {
        be = Backends.open(BackendKind.parse(backend, "backend"));
        Precision p = Precision.parse(precision, "precision");
        String[] w = widths.split("-");
        net = new RankingNetwork(Integer.parseInt(w[0]), Integer.parseInt(w[1]), Integer.parseInt(w[2])).build(be, p, 1, 28, 112, 1);
        SplittableRandom rng = new SplittableRandom(2);
        double[] x = new double[40 * 28 * 112];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextGaussian();
        images = Tensor.upload(be, p, x, 40, 1, 28, 112);
        double[] g = new double[40];
        for (int i = 0; i < g.length; i++) g[i] = rng.nextGaussian();
        cotangent = Tensor.upload(be, p, g, 40, 1);
        for (int i = 0; i < a.length; i++) a[i] = rng.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = rng.nextGaussian();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        images.close();
        cotangent.close();
        net.close();
        be.close();
    }

    @Benchmark
    public double trainingPass() {
        net.zeroGradients();
        net.forward(images);
        net.backward(cotangent);
        be.synchronize();
        return net.parameters().get(0).gradient().toHost()[0];
    }

    @Benchmark
    public double gemmBlocked() {
        CpuGemm.parallel(false, false, 64, 784, 800, 1, a, 0, 800, b, 0, 784, 0, c, 0, 784);
        return c[17];
    }

    /** One thread, for the ratio against the single-threaded references below. */
    @Benchmark
    public double gemmBlockedSerial() {
        CpuGemm.serial(false, false, 64, 784, 800, 1, a, 0, 800, b, 0, 784, 0, c, 0, 784);
        return c[17];
    }

    /**
     * The formulation CpuGemm used before 2026-12-01: four rows of C updated per step of K, each
     * row indexed with an offset into the shared arrays. HotSpot C2 (JDK 17) cannot prove such rows
     * disjoint and does not vectorise the loop; kept as the reference that shows it.
     */
    @Benchmark
    public double gemmOffsetAxpyReference() {
        java.util.Arrays.fill(c, 0);
        for (int i = 0; i < 64; i += 4)
            for (int k = 0; k < 800; k++) {
                double a0 = a[i * 800 + k], a1 = a[(i + 1) * 800 + k], a2 = a[(i + 2) * 800 + k], a3 = a[(i + 3) * 800 + k];
                int br = k * 784, c0 = i * 784, c1 = c0 + 784, c2 = c1 + 784, c3 = c2 + 784;
                for (int j = 0; j < 784; j++) {
                    double bv = b[br + j];
                    c[c0 + j] += a0 * bv;
                    c[c1 + j] += a1 * bv;
                    c[c2 + j] += a2 * bv;
                    c[c3 + j] += a3 * bv;
                }
            }
        return c[17];
    }

    @Benchmark
    public double gemmNaiveReference() {
        for (int i = 0; i < 64; i++)
            for (int j = 0; j < 784; j++) {
                double s = 0;
                for (int k = 0; k < 800; k++) s += a[i * 800 + k] * b[k * 784 + j];
                c[i * 784 + j] = s;
            }
        return c[17];
    }
}
