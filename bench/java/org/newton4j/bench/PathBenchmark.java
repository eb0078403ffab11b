package org.newton4j.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.*;
import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.Backends;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.path.PathOutputs;
import org.newton4j.path.RelaxedBellmanFord;

/**
 * Relaxed Bellman-Ford on 12×12 maps (T = 24, β = 10, probabilistic, for, l2sq), device-resident
 * buffers, per backend: forward + gradient, and the exact full 144×144 Hessian per map
 * (forward-over-reverse). Beside it, in the same run, the naive Hessian: central finite
 * differences of the gradient (2·144 gradient passes over the batch, on the same backend).
 *
 * Run (smoke): java -cp ... org.openjdk.jmh.Main PathBenchmark -p batch=64 -wi 1 -i 2 -w 1s -r 1s -f 1
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PathBenchmark {
    @Param({"cpu", "opencl"})
    public String backend;

    @Param({"64", "1024"})
    public int batch;

    @Param({"f32"})
    public String precision;

    private static final int SIDE = 12, M = SIDE * SIDE;
    private Backend be;
    private Precision p;
    private RelaxedBellmanFord op;
    private DeviceBuffer cost, truth, path, loss, grad, hess, shifted, gradPlus, gradMinus;
    private double[] hostCost;

    @Setup(Level.Trial)
    public void setup() {
        p = Precision.parse(precision, "precision");
        be = Backends.open(BackendKind.parse(backend, "backend"));
        op = RelaxedBellmanFord.builder().grid(SIDE, SIDE).beta(10).iterations(2 * SIDE).build();
        Random r = new Random(1);
        hostCost = new double[batch * M];
        double[] t = new double[batch * M];
        for (int i = 0; i < hostCost.length; i++) {
            hostCost[i] = 0.5 + 4 * r.nextDouble();
            t[i] = r.nextInt(5) == 0 ? 1 : 0;
        }
        cost = be.upload(p, hostCost);
        truth = be.upload(p, t);
        path = be.allocate(p, (long) batch * M);
        loss = be.allocate(p, batch);
        grad = be.allocate(p, (long) batch * M);
        hess = be.allocate(p, (long) batch * M * M);
        shifted = be.allocate(p, (long) batch * M);
        gradPlus = be.allocate(p, (long) batch * M);
        gradMinus = be.allocate(p, (long) batch * M);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (DeviceBuffer b : new DeviceBuffer[] {cost, truth, path, loss, grad, hess, shifted, gradPlus, gradMinus}) b.close();
        be.close();
    }

    @Benchmark
    public void forwardGradient() {
        op.evaluate(cost, truth, batch, new PathOutputs(path, loss, grad, null));
    }

    @Benchmark
    public void exactHessian() {
        op.evaluate(cost, truth, batch, new PathOutputs(path, loss, grad, hess));
    }

    /** The naive reference: Hessian column j = (g(c + h e_j) − g(c − h e_j)) / 2h, for every j. */
    @Benchmark
    public void finiteDifferenceHessian() {
        double h = 1e-3;
        double[] c = hostCost.clone();
        for (int j = 0; j < M; j++) {
            for (int i = 0; i < batch; i++) c[i * M + j] = hostCost[i * M + j] + h;
            be.write(shifted, 0, c, 0, c.length);
            op.evaluate(shifted, truth, batch, new PathOutputs(null, null, gradPlus, null));
            for (int i = 0; i < batch; i++) c[i * M + j] = hostCost[i * M + j] - h;
            be.write(shifted, 0, c, 0, c.length);
            op.evaluate(shifted, truth, batch, new PathOutputs(null, null, gradMinus, null));
            for (int i = 0; i < batch; i++) c[i * M + j] = hostCost[i * M + j];
        }
        be.synchronize();
    }
}
