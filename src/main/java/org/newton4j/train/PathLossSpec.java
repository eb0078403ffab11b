package org.newton4j.train;

import java.util.List;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.loss.Curvature;
import org.newton4j.loss.IndefinitePolicy;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.Scope;
import org.newton4j.loss.TwiceDifferentiableLoss;
import org.newton4j.path.PathLoss;
import org.newton4j.path.RelaxedBellmanFord;
import org.newton4j.path.StochasticPathLoss;
import org.newton4j.path.StochasticShortestPath;
import org.newton4j.path.TConorm;

/**
 * The loss of a shortest-path run, by name: relaxed Bellman-Ford (β, iterations, t-conorm) or one of
 * the stochastic methods (samples, ε), trained on its batch mean or through a Newton loss (DESIGN §6).
 * {@link #create(int)} validates every field and names the bad one with its CLI option.
 *
 * @param method     relaxed_bellman_ford, smooth_loss, smooth_algorithm or perturbed_optimizer
 * @param newton     none, hessian or fisher
 * @param lambda     Tikhonov damping λ &gt; 0 of the Newton loss
 * @param scope      batch or sample
 * @param policy     what a Hessian Newton loss does with an indefinite H + λI: exact (the paper's),
 *                   abs-eigen or adaptive-damping ({@link IndefinitePolicy})
 * @param beta       inverse temperature of the relaxed softmin
 * @param iterations relaxation count T (0 = the default 2·side)
 * @param tconorm    probabilistic, hamacher or yager_1 (Hamacher with p = 0.5)
 * @param loss       l1 or l2sq, per-cell mean against the 0/1 truth path
 * @param samples    perturbed copies per map of the stochastic methods
 * @param epsilon    perturbation scale ε of the stochastic methods
 * @param seed       seed of the perturbations (drawn afresh for every loss evaluation)
 */
public record PathLossSpec(String method, String newton, double lambda, String scope, String policy, double beta, int iterations,
                           String tconorm, String loss, int samples, double epsilon, long seed) {
    public static final List<String> METHODS = List.of("relaxed_bellman_ford", "smooth_loss", "smooth_algorithm", "perturbed_optimizer");
    public static final List<String> NEWTON = List.of("none", "hessian", "fisher");
    public static final List<String> SCOPES = List.of("batch", "sample");

    /** Relaxed Bellman-Ford, β = 10, T = 2·side, probabilistic, L2², no Newton loss; 10 samples at ε = 0.5 for the others. */
    public static PathLossSpec defaults() {
        return new PathLossSpec("relaxed_bellman_ford", "none", 1, "batch", "exact", 10, 0, "probabilistic", "l2sq", 10, 0.5, 0);
    }

    public PathLossSpec withMethod(String v) { return new PathLossSpec(v, newton, lambda, scope, policy, beta, iterations, tconorm, loss, samples, epsilon, seed); }

    /** Newton loss curvature, damping and scope. */
    public PathLossSpec withNewton(String v, double l, String s) { return new PathLossSpec(method, v, l, s, policy, beta, iterations, tconorm, loss, samples, epsilon, seed); }

    public PathLossSpec withPolicy(String v) { return new PathLossSpec(method, newton, lambda, scope, v, beta, iterations, tconorm, loss, samples, epsilon, seed); }

    public PathLossSpec withRelaxation(double b, int t, String tc) { return new PathLossSpec(method, newton, lambda, scope, policy, b, t, tc, loss, samples, epsilon, seed); }

    public PathLossSpec withLoss(String v) { return new PathLossSpec(method, newton, lambda, scope, policy, beta, iterations, tconorm, v, samples, epsilon, seed); }

    public PathLossSpec withSampling(int n, double eps) { return new PathLossSpec(method, newton, lambda, scope, policy, beta, iterations, tconorm, loss, n, eps, seed); }

    public PathLossSpec withSeed(long v) { return new PathLossSpec(method, newton, lambda, scope, policy, beta, iterations, tconorm, loss, samples, epsilon, v); }

    /** Short run name, e.g. "relaxed_bellman_ford-hessian-l1.0-batch". */
    public String label() {
        return method + "-" + (newton.equals("none") ? "baseline"
                : newton + "-l" + lambda + "-" + scope + (newton.equals("hessian") && !policy.equals("exact") ? "-" + policy : ""));
    }

    private static void require(boolean ok, String option, String problem) {
        if (!ok) throw new IllegalArgumentException(option + ": " + problem);
    }

    /** The per-batch loss over N×side² predicted costs with real 0/1 truth paths as targets. */
    public BatchLoss create(int side) {
        require(METHODS.contains(method), "--method", "unknown method '" + method + "' (expected " + String.join(", ", METHODS) + ")");
        require(NEWTON.contains(newton), "--newton", "unknown curvature '" + newton + "' (expected none, hessian or fisher)");
        require(SCOPES.contains(scope), "--scope", "unknown scope '" + scope + "' (expected batch or sample)");
        require(lambda > 0 && Double.isFinite(lambda), "--lambda", "must be finite and > 0, got " + lambda);
        require(beta > 0 && Double.isFinite(beta), "--beta", "must be finite and > 0, got " + beta);
        require(iterations >= 0 && iterations <= RelaxedBellmanFord.MAX_ITERATIONS, "--iterations",
                "must be in 1.." + RelaxedBellmanFord.MAX_ITERATIONS + " (or 0 for 2·side), got " + iterations);
        require(samples >= 2 && samples <= 4096, "--samples", "must be in 2..4096, got " + samples);
        require(epsilon > 0 && Double.isFinite(epsilon), "--epsilon", "must be finite and > 0, got " + epsilon);
        PathLoss pathLoss = PathLoss.parse(loss, "--loss");
        IndefinitePolicy indefinite = IndefinitePolicy.parse(policy, "--policy");
        TwiceDifferentiableLoss base;
        StochasticPathLoss stochastic = null;
        if (method.equals("relaxed_bellman_ford")) {
            RelaxedBellmanFord.Builder b = RelaxedBellmanFord.builder().grid(side, side).beta(beta)
                    .tconorm(TConorm.parse(tconorm, 0.5, "--tconorm")).loss(pathLoss);
            if (iterations > 0) b.iterations(iterations);
            base = b.build().asLoss();
        } else {
            StochasticShortestPath op = StochasticShortestPath.builder().grid(side, side).samples(samples).epsilon(epsilon)
                    .seed(seed).loss(pathLoss).build();
            stochastic = new StochasticPathLoss(op, StochasticPathLoss.Method.valueOf(method.toUpperCase(java.util.Locale.ROOT)));
            base = stochastic;
        }
        BatchLoss batchLoss = newton.equals("none") ? BatchLoss.meanOf(base)
                : BatchLoss.newton(NewtonLoss.of(base).curvature(newton.equals("hessian") ? Curvature.HESSIAN : Curvature.FISHER)
                        .scope(scope.equals("sample") ? Scope.SAMPLE : Scope.BATCH).policy(indefinite).lambda(lambda).build());
        return stochastic == null ? batchLoss : new FreshDraws(batchLoss, stochastic, seed);
    }

    /**
     * Reseeds a stochastic loss before every evaluation (seed, seed + 1, …), so each minibatch sees
     * new perturbations yet the run is reproducible; HVPs reuse the draws of the evaluation before them.
     */
    private static final class FreshDraws implements CurvedBatchLoss {
        private final BatchLoss inner;
        private final StochasticPathLoss stochastic;
        private final long seed;
        private long next;

        FreshDraws(BatchLoss inner, StochasticPathLoss stochastic, long seed) {
            this.inner = inner;
            this.stochastic = stochastic;
            this.seed = seed;
            this.next = seed;
        }

        /** The draws made so far (a count, exact in float64 for any run length). */
        @Override
        public java.util.Map<String, double[]> state() {
            return java.util.Map.of("draws", new double[] {next - seed});
        }

        @Override
        public void restoreState(java.util.Map<String, double[]> state) {
            double[] d = state.get("draws");
            if (d == null) return;
            if (d.length != 1 || !(d[0] >= 0 && d[0] == Math.rint(d[0]) && d[0] < 0x1p53))
                throw new IllegalArgumentException("loss state: draws must be one count >= 0, got " + java.util.Arrays.toString(d));
            next = seed + (long) d[0];
        }

        @Override
        public String description() { return inner.description() + ", draws seeded from " + seed; }

        @Override
        public double evaluate(DeviceBuffer y, DeviceBuffer targets, int rows, int columns, DeviceBuffer gradient) {
            stochastic.reseed(next++);
            return inner.evaluate(y, targets, rows, columns, gradient);
        }

        /** The draws depend on the seed alone, so the alignment's two evaluations of a batch see the same ones. */
        @Override
        public java.util.Optional<org.newton4j.loss.NewtonLoss> newtonLoss() {
            return inner.newtonLoss();
        }

        @Override
        public void hessianVectorProduct(DeviceBuffer y, DeviceBuffer targets, int rows, int columns, DeviceBuffer v, DeviceBuffer out) {
            if (!(inner instanceof CurvedBatchLoss curved))
                throw new UnsupportedOperationException("hessianVectorProduct: a Newton loss gives no output-space curvature");
            curved.hessianVectorProduct(y, targets, rows, columns, v, out);
        }
    }
}
