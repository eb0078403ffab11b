package org.newton4j.sort;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.loss.Curvature;
import org.newton4j.loss.IndefinitePolicy;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.NewtonResult;
import org.newton4j.loss.Scope;

/**
 * Why bench/RESULTS.md treats the relaxation's steepness β and the Newton loss's λ as one axis. NeuralSort and SoftSort
 * (τ = 1/β) and the logistic sorting network see the scores x only through βx, so at steepness β the loss, gradient
 * and Hessian are those at steepness 1 of βx times 1, β and β², and every Newton direction (Hessian or Fisher, sample
 * or batch scope, exact or |Λ|) at (β, λ) is the one at (1, λ/β²) divided by β. A network's last layer can scale its
 * scores, and Adam removes the 1/β: changing β is changing λ, the initial score scale and the score step size.
 * The ART relaxation (logistic_phi) divides by |d|^0.25 and is the counter-example that shows the check can fail.
 */
class SteepnessIsAScoreScaleTest {
    private static final int N = 5, SETS = 6;
    private static final double LAMBDA = 0.1, TOLERANCE = 1e-9;
    private static final double[] STEEPNESS = {0.25, 4};
    private final CpuBackend cpu = new CpuBackend();

    /** A relaxation family by its steepness. */
    private interface Family {
        RankingLoss at(double steepness);
    }

    private static final List<Family> SCALE_FREE = List.of(
            beta -> RankingLoss.neuralSort(1 / beta),
            beta -> RankingLoss.softSort(1 / beta),
            beta -> RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.LOGISTIC, beta));

    @Test
    void lossGradientAndHessianAtSteepnessBetaAreThoseOfBetaXAtSteepnessOne() {
        double[] x = scores(11);
        int[] ranks = RandomRanks.of(new java.util.Random(3), SETS, N);
        for (Family f : SCALE_FREE)
            for (double beta : STEEPNESS) {
                var wanted = EnumSet.of(RankingOutput.LOSS, RankingOutput.GRADIENT, RankingOutput.HESSIAN);
                RankingResult at = f.at(beta).evaluate(x, ranks, N, wanted);
                RankingResult unit = f.at(1).evaluate(scaled(x, beta), ranks, N, wanted);
                String what = f.at(beta) + ": ";
                assertClose(unit.loss(), 1, at.loss(), what + "loss");
                assertClose(unit.gradient(), beta, at.gradient(), what + "gradient");
                assertClose(unit.hessian(), beta * beta, at.hessian(), what + "Hessian");
            }
    }

    @Test
    void everyNewtonDirectionAtBetaAndLambdaIsTheOneAtOneAndLambdaOverBetaSquaredDividedByBeta() {
        for (Family f : SCALE_FREE)
            for (double beta : STEEPNESS)
                for (Curvature c : Curvature.values())
                    for (Scope s : Scope.values())
                        for (IndefinitePolicy p : List.of(IndefinitePolicy.EXACT, IndefinitePolicy.ABS_EIGEN)) {
                            double deviation = directionDeviation(f, beta, c, s, p);
                            assertTrue(deviation < TOLERANCE, f.at(beta) + " " + c + " " + s + " " + p + ": " + deviation);
                        }
    }

    @Test
    void theArtRelaxationIsNotScaleFreeSoTheCheckCanFail() {
        Family art = beta -> RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.LOGISTIC_PHI, beta);
        double deviation = directionDeviation(art, 4, Curvature.HESSIAN, Scope.SAMPLE, IndefinitePolicy.EXACT);
        assertTrue(deviation > 0.01, "logistic_phi deviation " + deviation);
    }

    /** max |d(β, λ; x) − d(1, λ/β²; βx)/β| / max |d(β, λ; x)| over the batch. */
    private double directionDeviation(Family f, double beta, Curvature c, Scope s, IndefinitePolicy p) {
        double[] x = scores(7);
        int[] ranks = RandomRanks.of(new java.util.Random(5), SETS, N);
        double[] at = direction(f.at(beta), x, ranks, c, s, p, LAMBDA);
        double[] unit = direction(f.at(1), scaled(x, beta), ranks, c, s, p, LAMBDA / (beta * beta));
        double worst = 0, size = 0;
        for (int i = 0; i < at.length; i++) {
            worst = Math.max(worst, Math.abs(at[i] - unit[i] / beta));
            size = Math.max(size, Math.abs(at[i]));
        }
        return worst / size;
    }

    private double[] direction(RankingLoss loss, double[] x, int[] ranks, Curvature c, Scope s, IndefinitePolicy p, double lambda) {
        NewtonLoss newton = NewtonLoss.of(loss.asLoss(N)).curvature(c).scope(s).policy(p).lambda(lambda).build();
        try (DeviceBuffer xb = cpu.upload(Precision.F64, x); DeviceBuffer rb = cpu.upload(ranks);
             NewtonResult r = newton.step(new LossBatch(xb, rb, SETS))) {
            return cpu.toDoubles(r.surrogateGradient());
        }
    }

    /** Scores with gaps of a few units, so that both steepness values leave the relaxations far from saturated and from flat. */
    private static double[] scores(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[SETS * N];
        for (int i = 0; i < x.length; i++) x[i] = 2 * rng.nextGaussian();
        return x;
    }

    private static double[] scaled(double[] x, double factor) {
        double[] out = x.clone();
        for (int i = 0; i < out.length; i++) out[i] *= factor;
        return out;
    }

    /** expected·factor against actual, entry by entry, relative to the largest entry. */
    private static void assertClose(double[] expected, double factor, double[] actual, String what) {
        double size = 0, worst = 0;
        for (int i = 0; i < actual.length; i++) {
            size = Math.max(size, Math.abs(actual[i]));
            worst = Math.max(worst, Math.abs(expected[i] * factor - actual[i]));
        }
        assertTrue(worst <= TOLERANCE * size, what + ": deviation " + worst / size);
    }
}
