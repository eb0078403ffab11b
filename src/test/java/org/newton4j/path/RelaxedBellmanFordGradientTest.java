package org.newton4j.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;

/** Gradient and exact Hessian against central finite differences (float64, CPU), every t-conorm × loop × loss. */
class RelaxedBellmanFordGradientTest {
    static final CpuBackend CPU = CpuBackend.shared();

    static Stream<Arguments> variants() {
        List<Arguments> list = new ArrayList<>();
        for (TConorm tc : new TConorm[] {TConorm.probabilistic(), TConorm.hamacher(0.4), TConorm.hamacher(2.5), TConorm.yager1()})
            for (Loop loop : Loop.values())
                for (PathLoss loss : PathLoss.values()) list.add(Arguments.of(tc, loop, loss));
        return list.stream();
    }

    /** [path, loss, gradient, hessian] of one map on the CPU in float64. */
    static double[][] run(RelaxedBellmanFord op, double[] cost, double[] truth, boolean hessian) {
        int m = op.cells();
        try (DeviceBuffer c = CPU.upload(Precision.F64, cost); DeviceBuffer t = CPU.upload(Precision.F64, truth);
             DeviceBuffer p = CPU.allocate(Precision.F64, m); DeviceBuffer l = CPU.allocate(Precision.F64, 1);
             DeviceBuffer g = CPU.allocate(Precision.F64, m); DeviceBuffer h = CPU.allocate(Precision.F64, (long) m * m)) {
            op.evaluate(c, t, 1, new PathOutputs(p, l, g, hessian ? h : null));
            return new double[][] {CPU.toDoubles(p), CPU.toDoubles(l), CPU.toDoubles(g), hessian ? CPU.toDoubles(h) : null};
        }
    }

    static double[] randomCosts(Random r, int m) {
        double[] c = new double[m];
        for (int i = 0; i < m; i++) c[i] = 0.5 + 1.5 * r.nextDouble();
        return c;
    }

    static double[] randomTruth(Random r, int m) {
        double[] t = new double[m];
        for (int i = 0; i < m; i++) t[i] = r.nextInt(3) == 0 ? 1 : 0;
        t[0] = 1;
        t[m - 1] = 1;
        return t;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void gradientAndHessianMatchFiniteDifferences(TConorm tc, Loop loop, PathLoss loss) {
        RelaxedBellmanFord op = RelaxedBellmanFord.builder().grid(3, 4).beta(0.9).iterations(6)
                .tconorm(tc).loop(loop).loss(loss).build();
        Random r = new Random(11 + tc.code() * 7 + loop.ordinal() * 3 + loss.ordinal());
        int m = op.cells();
        double[] cost = randomCosts(r, m), truth = randomTruth(r, m);
        double[][] base = run(op, cost, truth, true);
        double h = 1e-5;
        double[] fdGrad = new double[m], fdHess = new double[m * m];
        for (int j = 0; j < m; j++) {
            double[] cp = cost.clone(), cm = cost.clone();
            cp[j] += h;
            cm[j] -= h;
            double[][] plus = run(op, cp, truth, false), minus = run(op, cm, truth, false);
            fdGrad[j] = (plus[1][0] - minus[1][0]) / (2 * h);
            for (int i = 0; i < m; i++) fdHess[i * m + j] = (plus[2][i] - minus[2][i]) / (2 * h);
        }
        assertClose(fdGrad, base[2], 1e-6, "gradient");
        assertClose(fdHess, base[3], 1e-5, "hessian");
        for (int i = 0; i < m; i++)
            for (int j = 0; j < i; j++)
                assertEquals(base[3][i * m + j], base[3][j * m + i], 1e-9 * (1 + Math.abs(base[3][i * m + j])), "symmetry");
    }

    static void assertClose(double[] expected, double[] actual, double rel, String what) {
        double num = 0, den = 0;
        for (int i = 0; i < expected.length; i++) {
            num += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            den += expected[i] * expected[i];
        }
        assertTrue(den > 0, what + " is identically zero: the test would be vacuous");
        assertTrue(Math.sqrt(num) <= rel * Math.sqrt(den),
                what + ": relative error " + Math.sqrt(num / den) + " > " + rel);
    }
}
