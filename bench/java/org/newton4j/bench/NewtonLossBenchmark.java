package org.newton4j.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.*;
import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.Backends;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.loss.Curvature;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.LossOutputs;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.NewtonResult;
import org.newton4j.loss.TwiceDifferentiableLoss;

/**
 * The cost of a Newton-loss step over the plain loss's forward + gradient, in the same run:
 * {@code plainLoss} is the baseline, {@code newtonStep} the full step (loss, derivatives, curvature,
 * reduction, solves, outputs). The ratio newtonStep / plainLoss is the target
 * (Fisher ≤ 1.1×, batch Hessian ≤ 2× at n ≤ 32). Losses are built by {@link BenchLosses}.
 *
 * Run: bench/run-jmh.sh NewtonLossBenchmark -p loss=softsort -p n=10
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class NewtonLossBenchmark {
    @Param({"cpu", "opencl"}) public String backend;
    @Param({"cross_entropy", "softsort", "odd_even_cauchy", "path_12x12"}) public String loss;
    @Param({"5", "10", "32"}) public int n;
    @Param({"100", "10000"}) public int batch;
    @Param({"hessian-batch", "hessian-sample", "fisher-batch", "fisher-sample"}) public String newton;

    private Backend be;
    private TwiceDifferentiableLoss subject;
    private NewtonLoss newtonLoss;
    private DeviceBuffer y, targets, values, gradient;

    @Setup(Level.Trial)
    public void setup() {
        be = Backends.open(BackendKind.parse(backend, "backend"));
        Random rnd = new Random(7);
        BenchLosses.Subject s = BenchLosses.create(loss, n, batch, be, Precision.F32, rnd);
        subject = s.loss();
        y = s.y();
        targets = s.targets();
        String[] cs = newton.split("-");
        newtonLoss = NewtonLoss.of(subject).curvature(Curvature.parse(cs[0], "newton")).scope(org.newton4j.loss.Scope.parse(cs[1], "newton"))
                .lambda(0.1).build();
        values = be.allocate(Precision.F32, batch);
        gradient = be.allocate(Precision.F32, (long) batch * subject.dimension());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (DeviceBuffer b : new DeviceBuffer[] {y, targets, values, gradient}) b.close();
        be.close();
    }

    @Benchmark
    public void plainLoss() {
        subject.evaluate(new LossBatch(y, targets, batch), LossOutputs.valuesAndGradient(values, gradient));
        be.synchronize();
    }

    @Benchmark
    public double newtonStep() {
        try (NewtonResult r = newtonLoss.step(new LossBatch(y, targets, batch))) {
            return r.surrogateValue();
        }
    }
}
