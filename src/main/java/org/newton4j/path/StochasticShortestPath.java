package org.newton4j.path;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;

/**
 * Stochastic smoothing of the exact shortest path (DESIGN §5), three ways, for a batch of maps:
 * <ul>
 * <li>{@link #smoothLoss}: f = loss(y*(c), truth); value, gradient and Hessian of E[f(c+εZ)];</li>
 * <li>{@link #smoothAlgorithm}: ŷ = E[y*(c+εZ)] with its Jacobian J; loss(ŷ), gradient Jᵀ∇loss,
 *     curvature the Gauss-Newton Jᵀ∇²loss J (0 for l1, whose second derivative vanishes);</li>
 * <li>{@link #perturbedOptimizer} (Berthet et al. 2020): ŷ_ε, the Fenchel-Young loss
 *     ⟨c, y_true⟩ − E[min_y⟨y, c+εZ⟩], its gradient w.r.t. the costs y_true − ŷ_ε (= ŷ_ε − y_true
 *     w.r.t. θ = −c, DESIGN's argmax convention) and its Hessian −sym(J), J = E[y*(c+εZ) s(Z)ᵀ]/ε
 *     (positive semi-definite in expectation).</li>
 * </ul>
 * All perturbed copies (N maps × S samples) are solved in one batch by {@link ShortestPath} on the
 * given backend; Z comes from {@link Philox} keyed by (seed, map, sample, element), so every
 * backend and run sees the same draws. The solver needs positive costs: it is applied to
 * max(c + εZ, 1e−4·mean(c)), a fixed function of c + εZ, so the score identities stay exact.
 */
public final class StochasticShortestPath {
    private final GridGraph grid;
    private final ShortestPath solver;
    private final int samples;
    private final long seed;
    private final PathLoss loss;
    private final ScoreFunctionEstimator estimator;

    /** Per-map results (N = batch, m = H·W); a field is null where the method has no such output. */
    public record Estimate(double[] path, double[] loss, double[] gradient, double[] hessian) { }

    private StochasticShortestPath(Builder b) {
        if (b.height == 0 || b.width == 0) throw new IllegalArgumentException("grid: height and width must be set (builder.grid(h, w))");
        grid = new GridGraph(b.height, b.width);
        solver = new ShortestPath(b.height, b.width);
        if (b.samples < 2 || b.samples > 4096) throw new IllegalArgumentException("samples: must be in [2, 4096], got " + b.samples);
        if (b.loss == null) throw new IllegalArgumentException("loss: must not be null");
        samples = b.samples;
        seed = b.seed;
        loss = b.loss;
        estimator = new ScoreFunctionEstimator(b.noise, b.epsilon, b.baseline);
    }

    public static Builder builder() { return new Builder(); }

    /** Every setting that changes the estimates but the seed (which the caller reseeds per step). */
    @Override
    public String toString() {
        return "StochasticShortestPath[" + grid.height() + "x" + grid.width() + ", samples=" + samples + ", epsilon="
                + estimator.epsilon() + ", noise=" + estimator.noise() + ", baseline=" + estimator.baseline() + ", loss=" + loss + "]";
    }

    public int cells() { return grid.cells(); }
    public int samples() { return samples; }
    public long seed() { return seed; }
    public PathLoss loss() { return loss; }
    public ScoreFunctionEstimator estimator() { return estimator; }

    /** A copy with another seed (fresh draws, e.g. one per training step). */
    public StochasticShortestPath withSeed(long newSeed) {
        Builder b = new Builder().grid(grid.height(), grid.width()).samples(samples).epsilon(estimator.epsilon())
                .noise(estimator.noise()).baseline(estimator.baseline()).loss(loss);
        b.seed = newSeed;
        return new StochasticShortestPath(b);
    }

    /** The perturbations Z (N×S×m) this operation draws. */
    public double[] perturbations(int batch) {
        int m = cells();
        double[] z = new double[batch * samples * m];
        Noise nz = estimator.noise();
        for (int i = 0; i < batch; i++)
            for (int s = 0; s < samples; s++)
                for (int e = 0; e < m; e++) z[(i * samples + s) * m + e] = nz.sample(seed, i, s, e);
        return z;
    }

    /** Smoothing of the loss: value (N), gradient (N×m), Hessian (N×m×m) of E[loss(y*(c+εZ))]. */
    public Estimate smoothLoss(Backend backend, Precision precision, double[] cost, double[] truth) {
        Solved sv = solve(backend, precision, cost, truth, true);
        int m = cells(), n = sv.batch;
        double[] value = new double[n], grad = new double[n * m], hess = new double[n * m * m];
        for (int i = 0; i < n; i++) {
            double[] f = new double[samples];
            for (int s = 0; s < samples; s++) f[s] = lossOf(sv.paths, (i * samples + s) * m, truth, i * m);
            double[] fc = {sv.atC == null ? 0 : lossOf(sv.atC, i * m, truth, i * m)};
            double[] z = slice(sv.z, i * samples * m, samples * m);
            double[] cen = estimator.centred(f, samples, 1, fc);
            value[i] = ScoreFunctionEstimator.mean(f, samples, 1)[0];
            System.arraycopy(estimator.jacobian(cen, z, samples, 1, m), 0, grad, i * m, m);
            System.arraycopy(estimator.hessian(cen, z, samples, 1, 0, m), 0, hess, i * m * m, m * m);
        }
        return new Estimate(null, value, grad, hess);
    }

    /** Smoothing of the algorithm: ŷ (N×m), loss(ŷ) (N), gradient (N×m), Gauss-Newton Hessian (N×m×m). */
    public Estimate smoothAlgorithm(Backend backend, Precision precision, double[] cost, double[] truth) {
        Solved sv = solve(backend, precision, cost, truth, true);
        int m = cells(), n = sv.batch;
        double[] path = new double[n * m], value = new double[n], grad = new double[n * m], hess = new double[n * m * m];
        for (int i = 0; i < n; i++) {
            double[] f = slice(sv.paths, i * samples * m, samples * m);
            double[] jac = jacobianOfPaths(sv, f, i);
            double[] yHat = ScoreFunctionEstimator.mean(f, samples, m);
            System.arraycopy(yHat, 0, path, i * m, m);
            double l = 0;
            double[] dl = new double[m];
            for (int v = 0; v < m; v++) {
                l += loss.value(yHat[v], truth[i * m + v]) / m;
                dl[v] = loss.derivative(yHat[v], truth[i * m + v]) / m;
            }
            value[i] = l;
            double l2 = loss.secondDerivative() / m;
            for (int j = 0; j < m; j++) {
                double gj = 0;
                for (int r = 0; r < m; r++) gj += jac[r * m + j] * dl[r];
                grad[i * m + j] = gj;
            }
            if (l2 != 0) {
                for (int a = 0; a < m; a++)
                    for (int b = 0; b < m; b++) {
                        double h = 0;
                        for (int r = 0; r < m; r++) h += jac[r * m + a] * jac[r * m + b];
                        hess[(i * m + a) * m + b] = l2 * h;
                    }
            }
        }
        return new Estimate(path, value, grad, hess);
    }

    /** Perturbed optimizer with the Fenchel-Young loss: ŷ_ε, loss, gradient y_true − ŷ_ε, Hessian −sym(J). */
    public Estimate perturbedOptimizer(Backend backend, Precision precision, double[] cost, double[] truth) {
        Solved sv = solve(backend, precision, cost, truth, true);
        int m = cells(), n = sv.batch;
        double[] path = new double[n * m], value = new double[n], grad = new double[n * m], hess = new double[n * m * m];
        for (int i = 0; i < n; i++) {
            double[] f = slice(sv.paths, i * samples * m, samples * m);
            double[] yHat = ScoreFunctionEstimator.mean(f, samples, m);
            double[] jac = jacobianOfPaths(sv, f, i);
            double fy = 0;
            for (int v = 0; v < m; v++) {
                path[i * m + v] = yHat[v];
                grad[i * m + v] = truth[i * m + v] - yHat[v];
                fy += cost[i * m + v] * truth[i * m + v];
            }
            for (int s = 0; s < samples; s++) {
                int off = (i * samples + s) * m;
                double min = 0;
                for (int v = 0; v < m; v++) min += sv.paths[off + v] * sv.perturbed[off + v];
                fy -= min / samples;
            }
            value[i] = fy;
            for (int a = 0; a < m; a++)
                for (int b = 0; b < m; b++) hess[(i * m + a) * m + b] = -0.5 * (jac[a * m + b] + jac[b * m + a]);
        }
        return new Estimate(path, value, grad, hess);
    }

    private double[] jacobianOfPaths(Solved sv, double[] f, int i) {
        int m = cells();
        double[] fc = sv.atC == null ? null : slice(sv.atC, i * m, m);
        double[] cen = estimator.centred(f, samples, m, fc);
        return estimator.jacobian(cen, slice(sv.z, i * samples * m, samples * m), samples, m, m);
    }

    private double lossOf(double[] path, int off, double[] truth, int tOff) {
        double l = 0;
        int m = cells();
        for (int v = 0; v < m; v++) l += loss.value(path[off + v], truth[tOff + v]);
        return l / m;
    }

    private static double[] slice(double[] a, int off, int len) {
        double[] r = new double[len];
        System.arraycopy(a, off, r, 0, len);
        return r;
    }

    /** The perturbations, perturbed costs and their exact paths (and the paths at c for the f(c) baseline). */
    private record Solved(int batch, double[] z, double[] perturbed, double[] paths, double[] atC) { }

    private Solved solve(Backend backend, Precision precision, double[] cost, double[] truth, boolean needTruth) {
        if (backend == null) throw new IllegalArgumentException("backend: must not be null");
        if (precision == null) throw new IllegalArgumentException("precision: must not be null");
        int m = cells();
        if (cost == null || cost.length == 0 || cost.length % m != 0)
            throw new IllegalArgumentException("cost: length must be a positive multiple of " + m);
        int n = cost.length / m;
        for (int i = 0; i < cost.length; i++)
            if (!(cost[i] > 0) || !Double.isFinite(cost[i]))
                throw new IllegalArgumentException("cost: element " + i + " must be positive and finite, got " + cost[i]);
        if (needTruth) {
            if (truth == null || truth.length != cost.length)
                throw new IllegalArgumentException("truth: must have the length of cost (" + cost.length + ")");
            for (int i = 0; i < truth.length; i++)
                if (truth[i] != 0 && truth[i] != 1) throw new IllegalArgumentException("truth: element " + i + " must be 0 or 1, got " + truth[i]);
        }
        double[] z = perturbations(n);
        double[] x = new double[z.length];
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int v = 0; v < m; v++) mean += cost[i * m + v] / m;
            double floor = 1e-4 * mean;
            for (int s = 0; s < samples; s++)
                for (int v = 0; v < m; v++) {
                    int k = (i * samples + s) * m + v;
                    x[k] = precision.round(Math.max(cost[i * m + v] + estimator.epsilon() * z[k], floor));
                }
        }
        double[] paths = solveOn(backend, precision, x);
        double[] atC = estimator.baseline() == Baseline.F_OF_C ? solveOn(backend, precision, cost) : null;
        return new Solved(n, z, x, paths, atC);
    }

    private double[] solveOn(Backend backend, Precision precision, double[] costs) {
        return solver.solveOn(backend, precision, costs);
    }

    /** Parameters; {@link #build()} names the bad one. */
    public static final class Builder {
        private int height, width, samples = 10;
        private double epsilon = 1;
        private long seed;
        private Noise noise = Noise.GAUSSIAN;
        private Baseline baseline = Baseline.LEAVE_ONE_OUT;
        private PathLoss loss = PathLoss.L2SQ;

        private Builder() { }

        public Builder grid(int height, int width) { this.height = height; this.width = width; return this; }
        /** Perturbed copies per map (the paper uses 3, 10 or 30). */
        public Builder samples(int samples) { this.samples = samples; return this; }
        public Builder epsilon(double epsilon) { this.epsilon = epsilon; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder noise(Noise noise) { this.noise = noise; return this; }
        public Builder baseline(Baseline baseline) { this.baseline = baseline; return this; }
        public Builder loss(PathLoss loss) { this.loss = loss; return this; }

        public StochasticShortestPath build() { return new StochasticShortestPath(this); }
    }
}
