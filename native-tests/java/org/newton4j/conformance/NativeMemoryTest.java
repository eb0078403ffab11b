package org.newton4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;
import org.newton4j.linalg.BatchedSymmetricSolver;
import org.newton4j.linalg.SpectrumPolicy;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.NewtonResult;
import org.newton4j.loss.Scope;
import org.newton4j.loss.SoftmaxCrossEntropy;

/** Repeated calls leave no device buffer behind: every temporary is closed by its scope. */
class NativeMemoryTest {
    private static List<NativeBackend> backends;

    @BeforeAll static void open() { backends = NativeBackends.openOrSkip(); }

    @AfterAll static void close() { NativeBackends.closeAll(backends); }

    @Test
    void solvesAndNewtonStepsReleaseEveryTemporary() {
        for (NativeBackend nb : backends) {
            double[] a = {4, 1, 1, 3}, r = {1, 2};
            try (DeviceBuffer ab = nb.upload(Precision.F32, a); DeviceBuffer rb = nb.upload(Precision.F32, r);
                 DeviceBuffer x = nb.allocate(Precision.F32, 2); DeviceBuffer st = nb.allocate(ElementType.I32, 1);
                 DeviceBuffer y = nb.upload(Precision.F32, new double[] {0.3, -1, 2}); DeviceBuffer labels = nb.upload(new int[] {1})) {
                int before = nb.liveBuffers();
                BatchedSymmetricSolver chol = BatchedSymmetricSolver.cholesky(nb);
                BatchedSymmetricSolver eig = BatchedSymmetricSolver.eigen(nb, SpectrumPolicy.ABSOLUTE);
                NewtonLoss newton = NewtonLoss.of(new SoftmaxCrossEntropy(3)).scope(Scope.BATCH).lambda(0.5).build();
                for (int i = 0; i < 2000; i++) {
                    chol.solve(ab, rb, x, st, 1, 2, 0.1);
                    chol.solveAgainstMean(ab, rb, x, st, 1, 2, 0.1);
                    eig.solve(ab, rb, x, st, 1, 2, 0.1);
                    try (NewtonResult res = newton.step(new LossBatch(y, labels, 1))) {
                        res.surrogateValue();
                    }
                }
                assertEquals(before, nb.liveBuffers(), nb.kind() + ": buffers leaked over 2000 rounds");
            }
        }
    }
}
