package org.newton4j.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.loss.Curvature;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.NewtonResult;
import org.newton4j.loss.Scope;

/**
 * A property of the batch-scope Newton losses on ranking data that bench/RESULTS.md leans on: when a minibatch is
 * closed under permuting the positions of its sets (each set appears in all n! orders, as sets of independently drawn
 * elements do in expectation), its mean Hessian and its Fisher commute with every permutation, so on the subspace the
 * shift-invariant gradients live in (⊥ 1) both are multiples of the identity, and the Newton direction of every set is
 * its plain gradient times one common factor. Checked with the implementation's own
 * curvature assembly and solves, so an index slip in either (a transposed F, a wrong H̄ block) breaks it. It needs a
 * permutation-equivariant relaxation (NeuralSort, SoftSort); a sorting network is not one.
 */
class BatchCurvatureOnExchangeableSetsTest {
    private static final int N = 4, BASE_SETS = 3;
    private static final double LAMBDA = 0.01, TOLERANCE = 1e-9;
    private final CpuBackend cpu = new CpuBackend();

    @Test
    void aPermutationClosedBatchGetsTheGradientRescaledByThePermutationEquivariantRelaxations() {
        for (RankingLoss loss : List.of(RankingLoss.neuralSort(1), RankingLoss.softSort(1)))
            for (Curvature c : Curvature.values())
                assertEquals(0, deviationFromARescale(loss, c), TOLERANCE, loss + " " + c);
    }

    /**
     * A sorting network is not permutation-equivariant: its comparators sit on fixed wires, so the relaxed output of
     * a set depends on the order its elements come in, and the batch curvature keeps a structure of its own.
     */
    @Test
    void aSortingNetworkKeepsItsOwnBatchCurvature() {
        RankingLoss network = RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.LOGISTIC, 2);
        for (Curvature c : Curvature.values()) {
            double deviation = deviationFromARescale(network, c);
            org.junit.jupiter.api.Assertions.assertTrue(deviation > 0.01, c + ": deviation " + deviation);
        }
    }

    /**
     * The batch-scope Newton direction d on a permutation-closed batch against the best common rescale of the plain
     * gradient g: max_i |d_i − c·g_i| / max_i |d_i|, c fitted by least squares over the batch.
     */
    private double deviationFromARescale(RankingLoss loss, Curvature curvature) {
        SplittableRandom rng = new SplittableRandom(5);
        List<int[]> orders = permutations(N);
        int sets = BASE_SETS * orders.size();
        double[] y = new double[sets * N];
        int[] ranks = new int[sets * N];
        for (int b = 0; b < BASE_SETS; b++) {
            double[] s = new double[N];
            for (int j = 0; j < N; j++) s[j] = rng.nextGaussian();
            int[] r = RandomRanks.of(new java.util.Random(b), 1, N);
            for (int p = 0; p < orders.size(); p++)
                for (int j = 0; j < N; j++) {
                    int at = (b * orders.size() + p) * N + j;
                    y[at] = s[orders.get(p)[j]];
                    ranks[at] = r[orders.get(p)[j]];
                }
        }
        double[] g = loss.evaluate(y, ranks, N, EnumSet.of(RankingOutput.GRADIENT)).gradient();
        NewtonLoss newton = NewtonLoss.of(loss.asLoss(N)).curvature(curvature).scope(Scope.BATCH).lambda(LAMBDA).build();
        double[] d;
        try (DeviceBuffer yb = cpu.upload(Precision.F64, y); DeviceBuffer rb = cpu.upload(ranks);
             NewtonResult r = newton.step(new LossBatch(yb, rb, sets))) {
            d = cpu.toDoubles(r.surrogateGradient());
        }
        double dg = 0, gg = 0, scale = 0, worst = 0;
        for (int i = 0; i < g.length; i++) { dg += d[i] * g[i]; gg += g[i] * g[i]; scale = Math.max(scale, Math.abs(d[i])); }
        for (int i = 0; i < g.length; i++) worst = Math.max(worst, Math.abs(d[i] - dg / gg * g[i]));
        return worst / scale;
    }

    /** All orders of 0..n−1. */
    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] current, boolean[] used, int depth, List<int[]> out) {
        if (depth == current.length) {
            out.add(current.clone());
            return;
        }
        for (int v = 0; v < current.length; v++)
            if (!used[v]) {
                used[v] = true;
                current[depth] = v;
                permute(current, used, depth + 1, out);
                used[v] = false;
            }
    }
}
