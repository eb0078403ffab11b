package org.newton4j.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.LossOutputs;

/** Semantics (β → ∞ limit, float32 with INF-scale neighbours), the loss adapter, and bad parameters and inputs. */
class RelaxedBellmanFordTest {
    static final CpuBackend CPU = CpuBackend.shared();

    /**
     * The β → ∞ limit of AlgoVision's traceback: the first T cells of the walk from the target along
     * hard predecessors (argmin of the exact distance; the source's is its cheapest neighbour, since
     * the traceback does not stop there), computed from the exact Dijkstra distances.
     */
    private static double[] hardTraceback(ShortestPath sp, double[] cost, int t) {
        double[] dist = sp.dijkstra(cost, 0, Precision.F64);
        double[] path = new double[cost.length];
        int v = sp.grid().target();
        for (int k = 0; k < t; k++) {
            path[v] = 1;
            v = sp.predecessor(dist, v);
        }
        return path;
    }

    @Test
    void relaxedPathTendsToTheExactPathAsBetaGrows() {
        Random r = new Random(3);
        for (int trial = 0; trial < 5; trial++) {
            int h = 4 + r.nextInt(3), w = 4 + r.nextInt(3), m = h * w;
            double[] cost = RelaxedBellmanFordGradientTest.randomCosts(r, m);
            ShortestPath sp = new ShortestPath(h, w);
            double[] exact = sp.solve(cost, Precision.F64);
            int pathLength = (int) java.util.Arrays.stream(exact).sum();
            int t = pathLength;  // traceback length = vertices on the optimal path: the limit is exactly that path
            double[] hard = hardTraceback(sp, cost, Math.max(t, 2 * Math.max(h, w)));
            double previous = Double.POSITIVE_INFINITY;
            for (double beta : new double[] {3, 30, 300, 3000}) {
                int iterations = Math.max(h, w) * 2;
                RelaxedBellmanFord forOp = RelaxedBellmanFord.builder().grid(h, w).beta(beta).iterations(iterations).build();
                double[] relaxed = RelaxedBellmanFordGradientTest.run(forOp, cost, new double[m], false)[0];
                double err = 0;
                for (int v = 0; v < m; v++) err = Math.max(err, Math.abs(relaxed[v] - hard[v]));
                assertTrue(err <= previous + 1e-9, "error must not grow with beta: " + err + " after " + previous);
                previous = err;
            }
            assertTrue(previous < 1e-3, "at beta = 3000 the relaxed path is the hard traceback, error " + previous);
            // and the hard traceback contains the exact shortest path
            for (int v = 0; v < m; v++) if (exact[v] == 1) assertEquals(1, hard[v], "exact path cell " + v);
        }
    }

    @Test
    void float32SurvivesUnreachedNeighbours() {
        // few iterations: most cells unreached (AlgoVision's 1e12), float32 must still agree with float64
        RelaxedBellmanFord op = RelaxedBellmanFord.builder().grid(8, 8).beta(2).iterations(10).build();
        Random r = new Random(4);
        double[] cost = RelaxedBellmanFordGradientTest.randomCosts(r, 64), truth = RelaxedBellmanFordGradientTest.randomTruth(r, 64);
        for (int i = 0; i < 64; i++) cost[i] = (float) cost[i];
        double[][] d = RelaxedBellmanFordGradientTest.run(op, cost, truth, false);
        try (DeviceBuffer c = CPU.upload(Precision.F32, cost); DeviceBuffer t = CPU.upload(Precision.F32, truth);
             DeviceBuffer g = CPU.allocate(Precision.F32, 64)) {
            op.evaluate(c, t, 1, new PathOutputs(null, null, g, null));
            RelaxedBellmanFordGradientTest.assertClose(d[2], CPU.toDoubles(g), 1e-6, "float32 gradient");
        }
    }

    @Test
    void lossAdapterAgreesWithTheOperation() {
        RelaxedBellmanFord op = RelaxedBellmanFord.builder().grid(3, 3).beta(1.2).iterations(6).tconorm(TConorm.yager1()).build();
        RelaxedPathLoss loss = op.asLoss();
        assertEquals(9, loss.dimension());
        assertTrue(loss.providesHessian());
        Random r = new Random(8);
        double[] cost = RelaxedBellmanFordGradientTest.randomCosts(r, 18), truth = RelaxedBellmanFordGradientTest.randomTruth(r, 18);
        double[] dir = new double[18];
        for (int i = 0; i < 18; i++) dir[i] = r.nextGaussian();
        try (DeviceBuffer y = CPU.upload(Precision.F64, cost); DeviceBuffer t = CPU.upload(Precision.F64, truth);
             DeviceBuffer v = CPU.allocate(Precision.F64, 2); DeviceBuffer g = CPU.allocate(Precision.F64, 18);
             DeviceBuffer h = CPU.allocate(Precision.F64, 162); DeviceBuffer d = CPU.upload(Precision.F64, dir);
             DeviceBuffer hv = CPU.allocate(Precision.F64, 18)) {
            LossBatch batch = new LossBatch(y, t, 2);
            loss.evaluate(batch, new LossOutputs(v, g, h));
            loss.hessianVectorProduct(batch, d, hv);
            double[] hess = CPU.toDoubles(h), prod = CPU.toDoubles(hv);
            for (int i = 0; i < 2; i++) {
                double[] one = RelaxedBellmanFordGradientTest.run(op, java.util.Arrays.copyOfRange(cost, i * 9, i * 9 + 9),
                        java.util.Arrays.copyOfRange(truth, i * 9, i * 9 + 9), false)[1];
                assertEquals(one[0], CPU.toDoubles(v)[i], 1e-15);
                for (int a = 0; a < 9; a++) {
                    double s = 0;
                    for (int b = 0; b < 9; b++) s += hess[i * 81 + a * 9 + b] * dir[i * 9 + b];
                    assertEquals(s, prod[i * 9 + a], 1e-12, "HVP = H v");
                }
            }
        }
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void badParametersFailAtConstructionNamingThem() {
        assertTrue(message(() -> RelaxedBellmanFord.builder().grid(3, 3).beta(0).build()).startsWith("beta"));
        assertTrue(message(() -> RelaxedBellmanFord.builder().grid(3, 3).beta(Double.NaN).build()).startsWith("beta"));
        assertTrue(message(() -> RelaxedBellmanFord.builder().grid(3, 3).iterations(0)).startsWith("iterations"));
        assertTrue(message(() -> RelaxedBellmanFord.builder().grid(0, 3).build()).startsWith("grid"));
        assertTrue(message(() -> RelaxedBellmanFord.builder().grid(40, 3).build()).startsWith("height"));
        assertTrue(message(() -> RelaxedBellmanFord.builder().build()).startsWith("grid"));
        assertTrue(message(() -> RelaxedBellmanFord.builder().grid(3, 3).tconorm(null).build()).startsWith("tconorm"));
        assertTrue(message(() -> TConorm.hamacher(-0.5)).startsWith("p"));
        assertTrue(message(() -> TConorm.parse("lukasiewicz", 1, "tconorm")).startsWith("tconorm"));
        assertTrue(message(() -> Loop.parse("until", "loop")).startsWith("loop"));
        assertTrue(message(() -> PathLoss.parse("l3", "loss")).startsWith("loss"));
    }

    @Test
    void badInputsAreNamed() {
        RelaxedBellmanFord op = RelaxedBellmanFord.builder().grid(2, 2).build();
        double[] ok = {1, 1, 1, 1}, truth = {1, 0, 0, 1};
        assertTrue(message(() -> RelaxedBellmanFordGradientTest.run(op, new double[] {1, 0, 1, 1}, truth, false)).startsWith("cost"));
        assertTrue(message(() -> RelaxedBellmanFordGradientTest.run(op, new double[] {1, Double.POSITIVE_INFINITY, 1, 1}, truth, false)).startsWith("cost"));
        assertTrue(message(() -> RelaxedBellmanFordGradientTest.run(op, ok, new double[] {1, 2, 0, 1}, false)).startsWith("truth"));
        assertTrue(message(() -> RelaxedBellmanFordGradientTest.run(op, new double[] {1, 1, 1}, truth, false)).startsWith("cost"));
        try (DeviceBuffer c = CPU.upload(Precision.F64, ok); DeviceBuffer t = CPU.upload(Precision.F64, truth);
             DeviceBuffer g = CPU.allocate(Precision.F64, 3); DeviceBuffer g32 = CPU.allocate(Precision.F32, 4)) {
            assertTrue(message(() -> op.evaluate(c, t, 1, new PathOutputs(null, null, g, null))).startsWith("gradient"));
            assertTrue(message(() -> op.evaluate(c, t, 1, new PathOutputs(null, null, g32, null))).startsWith("gradient"));
            assertTrue(message(() -> op.evaluate(c, t, 0, new PathOutputs(null, null, g32, null))).startsWith("batch"));
            assertTrue(message(() -> op.evaluate(c, null, 1, new PathOutputs(null, g, null, null))).startsWith("truth"));
        }
    }
}
