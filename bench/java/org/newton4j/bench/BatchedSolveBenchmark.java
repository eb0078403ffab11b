package org.newton4j.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.openjdk.jmh.annotations.*;
import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.Backends;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.Precision;
import org.newton4j.linalg.BatchedSymmetricSolver;

/**
 * Batched Cholesky solve, device-resident buffers, per backend; beside it EJML's Cholesky solving
 * the same batch one matrix at a time on one thread (the per-matrix CPU reference of issue 2).
 * Shapes are "m x B"; m = 144 runs at B = 1e3 only (1e5 matrices of 144² doubles is 16 GB).
 *
 * Run: bench/run-jmh.sh BatchedSolveBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BatchedSolveBenchmark {
    @Param({"cpu", "opencl"})
    public String backend;

    @Param({"5x1000", "16x1000", "64x1000", "144x1000", "5x100000", "16x100000", "64x100000"})
    public String shape;

    @Param({"f64"})
    public String precision;

    private Backend be;
    private BatchedSymmetricSolver solver;
    private DeviceBuffer a, r, x, status;
    private int m, batch;
    private double[] hostA, hostR;
    private DMatrixRMaj[] ejmlA;

    @Setup(Level.Trial)
    public void setup() {
        String[] parts = shape.split("x");
        m = Integer.parseInt(parts[0]);
        batch = Integer.parseInt(parts[1]);
        Precision p = Precision.parse(precision, "precision");
        be = Backends.open(BackendKind.parse(backend, "backend"));
        solver = BatchedSymmetricSolver.cholesky(be);
        Random rnd = new Random(42);
        hostA = new double[batch * m * m];
        hostR = new double[batch * m];
        double[] g = new double[m * m];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < m * m; i++) g[i] = rnd.nextGaussian();
            for (int i = 0; i < m; i++)
                for (int j = 0; j <= i; j++) {
                    double s = i == j ? 1 : 0;
                    for (int k = 0; k < m; k++) s += g[i * m + k] * g[j * m + k] / m;
                    hostA[b * m * m + i * m + j] = s;
                    hostA[b * m * m + j * m + i] = s;
                }
        }
        for (int i = 0; i < hostR.length; i++) hostR[i] = rnd.nextGaussian();
        a = be.upload(p, hostA);
        r = be.upload(p, hostR);
        x = be.allocate(p, (long) batch * m);
        status = be.allocate(ElementType.I32, batch);
        if (backend.equals("cpu")) {
            ejmlA = new DMatrixRMaj[batch];
            for (int b = 0; b < batch; b++) {
                ejmlA[b] = new DMatrixRMaj(m, m);
                System.arraycopy(hostA, b * m * m, ejmlA[b].data, 0, m * m);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close(); r.close(); x.close(); status.close();
        be.close();
    }

    @Benchmark
    public void newton4j() {
        solver.solve(a, r, x, status, batch, m, 0.0);
    }

    /** EJML, one thread, the same batch (returns at once off the CPU backend, where it would be measured twice). */
    @Benchmark
    public double ejmlSequential() {
        if (ejmlA == null) return 0;
        LinearSolverDense<DMatrixRMaj> solve = LinearSolverFactory_DDRM.chol(m);
        DMatrixRMaj rhs = new DMatrixRMaj(m, 1), sol = new DMatrixRMaj(m, 1);
        double sink = 0;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(hostR, b * m, rhs.data, 0, m);
            if (!solve.setA(ejmlA[b])) throw new IllegalStateException("EJML: matrix " + b + " not SPD");
            solve.solve(rhs, sol);
            sink += sol.data[0];
        }
        return sink;
    }
}
