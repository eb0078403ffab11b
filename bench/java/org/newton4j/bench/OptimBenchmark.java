package org.newton4j.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.Backends;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.optim.Adam;
import org.newton4j.optim.Alice;
import org.newton4j.optim.GradientOracle;
import org.newton4j.optim.GroupedNewton;
import org.newton4j.optim.Objective;
import org.newton4j.optim.Parameter;
import org.newton4j.optim.ParameterSet;
import org.newton4j.optim.Partition;
import org.newton4j.optim.Sgd;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Per-step optimizer overhead (everything but the gradient: the oracle here leaves the gradient
 * buffers as they are) at 1e6 parameters (1e8 with {@code -p size=100000000} on a GPU), per
 * backend, float32, finite checks off. Alice's quick and sample steps and GroupedNewton's plain
 * step are reported as ratios to Adam's step measured in the same run; the Alice state update is
 * also reported as effective bandwidth (it reads G, R, H, V, μ and writes μ, ν, p: 8 words per
 * element) for comparison with the device's memory floor.
 *
 * <p>{@code refreshCost}: GroupedNewton's refresh on a synthetic least-squares objective whose
 * gradient costs a known number of passes over the parameters, reported in gradient-evaluation
 * units (the reference's count: 2S + 1 backward-type passes; with finite-difference HVPs and
 * third-order terms this implementation uses 4S + 1 gradients).
 *
 * <p>Run: {@code java -cp <test classpath> org.newton4j.bench.OptimBenchmark [JMH options]}
 * (the main prints the ratios after JMH's table).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class OptimBenchmark {
    @Param({"cpu", "opencl"})
    public String backend;

    @Param({"1000000"})
    public int size;

    @Param({"4"})
    public int tensors;

    private Backend be;
    private ParameterSet params;
    private Adam<Object> adam;
    private Sgd<Object> sgd;
    private Alice<Object> aliceQuick, aliceSample;
    private GroupedNewton<Object> groupedNewton;

    @Setup(Level.Trial)
    public void setup() {
        be = Backends.open(BackendKind.parse(backend, "backend"));
        Random rnd = new Random(1);
        List<Parameter> ps = new ArrayList<>();
        int per = size / tensors;
        for (int t = 0; t < tensors; t++) {
            double[] x = new double[per];
            for (int i = 0; i < per; i++) x[i] = rnd.nextGaussian();
            ps.add(new Parameter("layer" + t + ".weight", be.upload(Precision.F32, x), new int[] {per}));
        }
        params = new ParameterSet(ps);
        GradientOracle<Object> noop = (at, batch, g) -> 0;  // overhead only: the gradient buffers keep their values
        adam = Adam.builder(params, noop).checkFinite(false).build();
        sgd = Sgd.builder(params, noop).momentum(0.9).checkFinite(false).build();
        // quickSteps 100 (β2 = 0.9999 keeps β3 positive): after the warm-up 100 of 101 steps are quick
        // ones (the sample steps add about 3% to that score); quickSteps 0: every step samples
        aliceQuick = Alice.builder(params, noop).quickSteps(100).betas(0.9, 0.9999).checkFinite(false).build();
        aliceSample = Alice.builder(params, noop).quickSteps(0).checkFinite(false).build();
        for (int i = 0; i < 12; i++) {
            aliceQuick.step(null);
            aliceSample.step(null);
        }
        groupedNewton = GroupedNewton.builder(params, Objective.of(noop), () -> null).period(1_000_000_000).warmupRefreshes(0)
                .partition(Partition.canonical(params)).checkFinite(false).build();
        be.synchronize();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        adam.close();
        sgd.close();
        aliceQuick.close();
        aliceSample.close();
        groupedNewton.close();
        for (Parameter p : params.list()) p.buffer().close();
        be.close();
    }

    @Benchmark
    public void adamStep() {
        adam.step(null);
        be.synchronize();
    }

    @Benchmark
    public void sgdMomentumStep() {
        sgd.step(null);
        be.synchronize();
    }

    @Benchmark
    public void aliceQuickStep() {
        aliceQuick.step(null);
        be.synchronize();
    }

    @Benchmark
    public void aliceSampleStep() {
        aliceSample.step(null);
        be.synchronize();
    }

    /** A non-refresh GroupedNewton step: SGD-momentum direction, then θ_s −= λ₁ η_s u_s. */
    @Benchmark
    public void groupedNewtonStep() {
        groupedNewton.step(null);
        be.synchronize();
    }

    /**
     * GroupedNewton's refresh in gradient-evaluation units on a synthetic objective whose gradient
     * is a few host passes per tensor (L = Σ_t ½‖θ_t‖⁴/n + ‖θ_t‖²), finite-difference HVPs and
     * third-order terms. Its own parameters, so it does not multiply with the outer ones.
     */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 1)
    @Fork(1)
    public static class Refresh {
        @Param({"cpu"})
        public String refreshBackend;

        @Param({"4"})
        public int groups;

        Backend be;
        ParameterSet params;
        GroupedNewton<Object> gn;
        List<DeviceBuffer> grads;
        GradientOracle<Object> oracle;

        @Setup(Level.Trial)
        public void setup() {
            be = Backends.open(BackendKind.parse(refreshBackend, "refreshBackend"));
            Random rnd = new Random(2);
            List<Parameter> ps = new ArrayList<>();
            for (int t = 0; t < groups; t++) {
                double[] x = new double[50_000];
                for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
                ps.add(new Parameter("t" + t, be.upload(Precision.F64, x), new int[] {x.length}));
            }
            params = new ParameterSet(ps);
            oracle = (at, batch, g) -> {
                double loss = 0;
                for (int t = 0; t < at.size(); t++) {
                    double[] x = be.toDoubles(at.get(t));
                    double sq = 0;
                    for (double v : x) sq += v * v;
                    double c = 2 * sq / x.length + 2;
                    for (int i = 0; i < x.length; i++) x[i] *= c;
                    be.write(g.get(t), 0, x, 0, x.length);
                    loss += 0.5 * sq * sq / x.length + sq;
                }
                return loss;
            };
            gn = GroupedNewton.builder(params, Objective.of(oracle), () -> null).period(1).warmupRefreshes(0).lambda1(1e-3)
                    .partition(Partition.canonical(params)).build();
            grads = new ArrayList<>();
            for (Parameter p : params.list()) grads.add(be.allocate(Precision.F64, p.length()));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            System.out.printf("%n[refresh] %d gradient evaluations per refresh step (S = %d; 1 for the step, 1 + 2S + 2S for the summaries)%n",
                    gn.gradientEvaluations() / Math.max(1, gn.steps()), groups);
            gn.close();
            grads.forEach(DeviceBuffer::close);
            for (Parameter p : params.list()) p.buffer().close();
            be.close();
        }

        /** One gradient evaluation of the refresh objective (the unit). */
        @Benchmark
        public double unitGradient() {
            return oracle.gradient(params.buffers(), null, grads);
        }

        /** One refresh step (period 1): gradient, direction, summaries by finite differences, rates, move. */
        @Benchmark
        public double refreshStep() {
            return gn.step(null);
        }
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args.length == 0
                ? new String[] {OptimBenchmark.class.getSimpleName()} : args)).run();
        Map<String, Double> score = new HashMap<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            String name = bench.substring(bench.lastIndexOf('.') + 1);
            String key = bench.contains("Refresh")
                    ? name + "|" + r.getParams().getParam("refreshBackend") + "|S=" + r.getParams().getParam("groups")
                    : name + "|" + r.getParams().getParam("backend") + "|" + r.getParams().getParam("size");
            score.put(key, r.getPrimaryResult().getScore());
        }
        System.out.println("\nRatios (same run):");
        for (Map.Entry<String, Double> e : score.entrySet()) {
            String[] k = e.getKey().split("\\|");
            if (k[2].startsWith("S=")) {
                if (k[0].equals("refreshStep")) {
                    Double unit = score.get("unitGradient|" + k[1] + "|" + k[2]);
                    if (unit != null) System.out.printf("  GroupedNewton refresh, %s %s: %.1f gradient evaluations%n", k[1], k[2], e.getValue() / unit);
                }
                continue;
            }
            Double adam = score.get("adamStep|" + k[1] + "|" + k[2]);
            if (adam != null && !k[0].equals("adamStep"))
                System.out.printf("  %-18s %-7s n=%-10s %.2f x Adam step%n", k[0], k[1], k[2], e.getValue() / adam);
            if (k[0].equals("aliceQuickStep")) {
                long n = Long.parseLong(k[2]);
                // quick step = copy ν→p (2 words) + quick update (4 reads, 2 writes) + state update (5 reads, 3 writes)
                double words = 16.0 * n, bytes = words * 4;
                System.out.printf("  alice quick step   %-7s n=%-10s %.1f GB/s effective (16 float words per element)%n",
                        k[1], k[2], bytes / (e.getValue() * 1e-6) / 1e9);
            }
        }
    }
}
