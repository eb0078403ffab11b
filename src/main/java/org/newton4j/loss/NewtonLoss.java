package org.newton4j.loss;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.Precision;
import org.newton4j.linalg.BatchedSymmetricSolver;
import org.newton4j.linalg.SolveStatus;
import org.newton4j.linalg.SpectrumPolicy;

/**
 * A Newton loss (Petersen et al., NeurIPS 2024; DESIGN §6): for outputs y (N×m) and a twice
 * differentiable loss ℓ, one regularised Newton step in output space
 * {@code z*_i = y_i − (C + λI)⁻¹ g_i}, and the surrogate ℓ*(y) = (1/N) Σ ½‖y_i − z*_i‖² whose gradient
 * (y_i − z*_i)/N is what the network is trained on.
 *
 * <pre>
 * NewtonLoss nl = NewtonLoss.of(loss).curvature(Curvature.HESSIAN).scope(Scope.BATCH).lambda(0.1).build();
 * try (NewtonResult r = nl.step(new LossBatch(y, ranks, n))) { backprop(r.surrogateGradient()); }
 * </pre>
 *
 * Everything between y and the surrogate gradient runs on y's backend: the loss and its
 * derivatives, the batch reduction, the solves; only status codes and a few partial sums of the
 * surrogate value come back to the host.
 */
public final class NewtonLoss {
    /** Adaptive damping multiplies λ by this after a failed factorisation. */
    public static final double DAMPING_GROWTH = 10;
    /** Adaptive damping gives up after this many raises (λ·10³⁰ would be meaningless). */
    public static final int MAX_DAMPING_RAISES = 30;

    /** How the batch Fisher system is solved. AUTO uses Woodbury exactly when N < m. */
    public enum FisherSolve { AUTO, DIRECT, WOODBURY }

    private final TwiceDifferentiableLoss loss;
    private final Curvature curvature;
    private final Scope scope;
    private final double lambda;
    private final IndefinitePolicy policy;
    private final FisherSolve fisherSolve;
    private final boolean closedForms;

    private NewtonLoss(Builder b) {
        this.loss = b.loss;
        this.curvature = b.curvature;
        this.scope = b.scope;
        this.lambda = b.lambda;
        this.policy = b.policy;
        this.fisherSolve = b.fisherSolve;
        this.closedForms = b.closedForms;
    }

    public static Builder of(TwiceDifferentiableLoss loss) { return new Builder(loss); }

    public TwiceDifferentiableLoss loss() { return loss; }
    public Curvature curvature() { return curvature; }
    public Scope scope() { return scope; }
    public double lambda() { return lambda; }
    public IndefinitePolicy policy() { return policy; }

    /** "hessian newton loss (sample, λ=0.01, abs-eigen) of …": every setting, so two losses that differ say so. */
    @Override
    public String toString() {
        return curvature + " newton loss (" + scope + ", λ=" + lambda + ", " + policy
                + (fisherSolve != FisherSolve.AUTO ? ", " + fisherSolve.name().toLowerCase(java.util.Locale.ROOT) + " solve" : "")
                + (closedForms ? "" : ", no closed forms") + ") of " + loss;
    }

    /** One Newton-loss step on the batch's backend. Close the result to free its buffers. */
    public NewtonResult step(LossBatch batch) {
        DeviceBuffer y = batch.y();
        if (!y.type().isReal()) throw new IllegalArgumentException("y: must be a real buffer, got " + y.type());
        int n = batch.size(), m = loss.dimension();
        if (y.length() < (long) n * m)
            throw new IllegalArgumentException("y: needs N×m = " + n + "×" + m + " elements, has " + y.length());
        Backend be = y.backend();
        Precision p = y.precision();
        NewtonOps ops = NewtonOps.on(be);
        boolean closed = curvature == Curvature.HESSIAN && closedForms
                && loss instanceof ClosedFormNewton cf && cf.hasHessianDirection(scope);
        boolean needHessian = curvature == Curvature.HESSIAN && !closed;
        if (needHessian && m > BatchedSymmetricSolver.MAX_M)
            throw new IllegalArgumentException("m: Hessian Newton losses solve m×m systems, m ≤ " + BatchedSymmetricSolver.MAX_M + ", got " + m);
        DeviceBuffer z = be.allocate(p, (long) n * m), s = be.allocate(p, (long) n * m);
        try (DeviceBuffer g = be.allocate(p, (long) n * m); DeviceBuffer values = be.allocate(p, n);
             DeviceBuffer d = be.allocate(p, (long) n * m); DeviceBuffer halfSq = be.allocate(p, n);
             DeviceBuffer h = needHessian ? be.allocate(p, (long) n * m * m) : null) {
            NewtonReport report;
            if (curvature == Curvature.FISHER) {
                loss.evaluate(batch, LossOutputs.valuesAndGradient(values, g));
                report = fisher(be, ops, g, d, n, m);
            } else if (closed) {
                loss.evaluate(batch, LossOutputs.valuesAndGradient(values, g));
                ((ClosedFormNewton) loss).hessianDirection(batch, scope, g, lambda, d);
                report = new NewtonReport(curvature, scope, policy, lambda, lambda, "closed form");
            } else {
                hessian(batch, ops, values, g, h, n, m);
                report = solveHessian(be, h, g, d, n, m);
            }
            ops.newtonOutputs(y, d, z, s, halfSq, n, m);
            double surrogate = ops.sum(halfSq, n) / n;
            double lossValue = ops.sum(values, n) / n;
            if (!Double.isFinite(surrogate) || !Double.isFinite(lossValue))
                throw new ArithmeticException("non-finite Newton step: y, the targets or the loss derivatives hold NaN/Inf"
                        + " (loss mean " + lossValue + ", surrogate " + surrogate + ")");
            return new NewtonResult(z, s, surrogate, lossValue, report);
        } catch (RuntimeException e) {
            z.close();
            s.close();
            throw e;
        }
    }

    /**
     * Host arrays in, host arrays out (float32): for callers from another framework. targets are
     * the loss's real targets (MSE, paths) as N×… floats.
     */
    public HostNewtonResult step(Backend backend, float[] y, int n, float[] targets) {
        try (DeviceBuffer t = backend.upload(targets)) {
            return hostStep(backend, y, n, t);
        }
    }

    /** As {@link #step(Backend, float[], int, float[])} for integer targets (ranks, class labels). */
    public HostNewtonResult step(Backend backend, float[] y, int n, int[] targets) {
        try (DeviceBuffer t = backend.upload(targets)) {
            return hostStep(backend, y, n, t);
        }
    }

    private HostNewtonResult hostStep(Backend backend, float[] y, int n, DeviceBuffer targets) {
        if (y.length != (long) n * loss.dimension())
            throw new IllegalArgumentException("y: expected N×m = " + n + "×" + loss.dimension() + " values, got " + y.length);
        try (DeviceBuffer yb = backend.upload(y); NewtonResult r = step(new LossBatch(yb, targets, n))) {
            return new HostNewtonResult(backend.toFloats(r.target()), backend.toFloats(r.surrogateGradient()),
                    r.surrogateValue(), r.lossValue(), r.report());
        }
    }

    /** Values, gradients and full Hessians; from m Hessian-vector products when the loss has no Hessian. */
    private void hessian(LossBatch batch, NewtonOps ops, DeviceBuffer values, DeviceBuffer g, DeviceBuffer h, int n, int m) {
        if (loss.providesHessian()) {
            loss.evaluate(batch, new LossOutputs(values, g, h));
            return;
        }
        loss.evaluate(batch, LossOutputs.valuesAndGradient(values, g));
        Backend be = g.backend();
        try (DeviceBuffer v = be.allocate(g.type(), (long) n * m); DeviceBuffer hv = be.allocate(g.type(), (long) n * m)) {
            for (int k = 0; k < m; k++) {
                ops.unitVectors(v, n, m, k);
                loss.hessianVectorProduct(batch, v, hv);
                ops.scatterColumn(hv, h, n, m, k);
            }
        }
    }

    private NewtonReport fisher(Backend be, NewtonOps ops, DeviceBuffer g, DeviceBuffer d, int n, int m) {
        if (scope == Scope.SAMPLE) {
            ops.fisherSample(g, d, n, m, lambda);
            return new NewtonReport(curvature, scope, policy, lambda, lambda, "closed form g/(λ+gᵀg)");
        }
        boolean woodbury = fisherSolve == FisherSolve.WOODBURY || (fisherSolve == FisherSolve.AUTO && n < m);
        BatchedSymmetricSolver chol = BatchedSymmetricSolver.cholesky(be);
        Precision p = g.precision();
        try (DeviceBuffer status = be.allocate(ElementType.I32, n)) {
            if (woodbury) {
                if (n > BatchedSymmetricSolver.MAX_M)
                    throw new IllegalArgumentException("batch: the Woodbury Fisher solve needs N ≤ " + BatchedSymmetricSolver.MAX_M + ", got " + n);
                try (DeviceBuffer k = be.allocate(p, (long) n * n); DeviceBuffer c = be.allocate(p, (long) n * n)) {
                    ops.gramRows(g, k, n, m);
                    // (λI + GᵀG/N)⁻¹ g_i = (g_i − Gᵀ c_i)/λ with (NλI + GGᵀ) c_i = G g_i, and G g_i is row i of GGᵀ
                    chol.solveShared(k, k, c, status, n, n, n * lambda);
                    requireOk(be, status, n, "Woodbury system");
                    ops.woodburyFinish(g, c, d, n, m, lambda);
                }
                return new NewtonReport(curvature, scope, policy, lambda, lambda, "woodbury (" + n + "×" + n + ")");
            }
            if (m > BatchedSymmetricSolver.MAX_M)
                throw new IllegalArgumentException("m: the direct Fisher solve needs m ≤ " + BatchedSymmetricSolver.MAX_M + ", got " + m);
            try (DeviceBuffer f = be.allocate(p, (long) m * m)) {
                ops.gramColumns(g, f, n, m, 1.0 / n);
                chol.solveShared(f, g, d, status, n, m, lambda);
                requireOk(be, status, n, "Fisher system");
            }
            return new NewtonReport(curvature, scope, policy, lambda, lambda, "cholesky (" + m + "×" + m + ")");
        }
    }

    /** Solves (H + λI) d = g per the policy: H is N×m×m, averaged first for the batch scope. */
    private NewtonReport solveHessian(Backend be, DeviceBuffer h, DeviceBuffer g, DeviceBuffer d, int n, int m) {
        try (DeviceBuffer status = be.allocate(ElementType.I32, n);
             DeviceBuffer mean = scope == Scope.BATCH ? be.allocate(h.type(), (long) m * m) : null) {
            DeviceBuffer matrices = h;
            if (mean != null) {
                BatchedSymmetricSolver.cholesky(be).mean(h, n, m, mean);
                matrices = mean;
            }
            switch (policy) {
                case EXACT: {
                    solve(BatchedSymmetricSolver.cholesky(be), matrices, g, d, status, n, m, lambda);
                    if (!anyStatus(be, status, n, SolveStatus.NOT_POSITIVE_DEFINITE)) {
                        requireOk(be, status, n, "H + λI");
                        return new NewtonReport(curvature, scope, policy, lambda, lambda, "cholesky");
                    }
                    solve(BatchedSymmetricSolver.eigen(be, SpectrumPolicy.SIGNED), matrices, g, d, status, n, m, lambda);
                    requireOk(be, status, n, "H + λI (indefinite)");
                    return new NewtonReport(curvature, scope, policy, lambda, lambda, "eigen (indefinite, exact)");
                }
                case ABS_EIGEN: {
                    solve(BatchedSymmetricSolver.eigen(be, SpectrumPolicy.ABSOLUTE), matrices, g, d, status, n, m, lambda);
                    requireOk(be, status, n, "|H| + λI");
                    return new NewtonReport(curvature, scope, policy, lambda, lambda, "eigen |Λ|");
                }
                default: {
                    double lam = lambda;
                    for (int raise = 0; raise <= MAX_DAMPING_RAISES; raise++, lam *= DAMPING_GROWTH) {
                        solve(BatchedSymmetricSolver.cholesky(be), matrices, g, d, status, n, m, lam);
                        if (anyStatus(be, status, n, SolveStatus.NON_FINITE)) requireOk(be, status, n, "H + λI");
                        if (!anyStatus(be, status, n, SolveStatus.NOT_POSITIVE_DEFINITE)
                                && !anyStatus(be, status, n, SolveStatus.SINGULAR))
                            return new NewtonReport(curvature, scope, policy, lambda, lam, "cholesky");
                    }
                    throw new ArithmeticException("adaptive damping: H + λI is not positive definite even at λ = "
                            + lambda * Math.pow(DAMPING_GROWTH, MAX_DAMPING_RAISES));
                }
            }
        }
    }

    private void solve(BatchedSymmetricSolver solver, DeviceBuffer matrices, DeviceBuffer g, DeviceBuffer d,
                       DeviceBuffer status, int n, int m, double lam) {
        if (scope == Scope.BATCH) solver.solveShared(matrices, g, d, status, n, m, lam);
        else solver.solve(matrices, g, d, status, n, m, lam);
    }

    private static boolean anyStatus(Backend be, DeviceBuffer status, int n, SolveStatus wanted) {
        for (int s : be.toInts(status)) if (s == wanted.code()) return true;
        return false;
    }

    private static void requireOk(Backend be, DeviceBuffer status, int n, String what) {
        int[] st = be.toInts(status);
        for (int i = 0; i < n; i++)
            if (st[i] != SolveStatus.OK.code())
                throw new ArithmeticException(what + " of sample " + i + ": " + SolveStatus.of(st[i])
                        + (st[i] == SolveStatus.NON_FINITE.code() ? " (y, the targets or the loss derivatives hold NaN/Inf)"
                        : " (try policy abs-eigen or adaptive-damping, or a larger λ)"));
    }

    /** Builds a {@link NewtonLoss}; every setting is validated here, naming the argument. */
    public static final class Builder {
        private final TwiceDifferentiableLoss loss;
        private Curvature curvature = Curvature.HESSIAN;
        private Scope scope = Scope.BATCH;
        private double lambda = Double.NaN;
        private IndefinitePolicy policy = IndefinitePolicy.EXACT;
        private FisherSolve fisherSolve = FisherSolve.AUTO;
        private boolean closedForms = true;

        private Builder(TwiceDifferentiableLoss loss) {
            if (loss == null) throw new IllegalArgumentException("loss: must not be null");
            this.loss = loss;
        }

        public Builder curvature(Curvature c) { this.curvature = require("curvature", c); return this; }
        public Builder scope(Scope s) { this.scope = require("scope", s); return this; }
        public Builder policy(IndefinitePolicy p) { this.policy = require("policy", p); return this; }
        public Builder fisherSolve(FisherSolve f) { this.fisherSolve = require("fisherSolve", f); return this; }
        /** Whether closed-form Newton directions are used when the loss offers them (default true). */
        public Builder closedForms(boolean use) { this.closedForms = use; return this; }

        /** The Tikhonov damping λ > 0 (required). */
        public Builder lambda(double lambda) {
            if (!(lambda > 0) || !Double.isFinite(lambda))
                throw new IllegalArgumentException("lambda: must be finite and > 0, got " + lambda);
            this.lambda = lambda;
            return this;
        }

        public NewtonLoss build() {
            if (Double.isNaN(lambda)) throw new IllegalArgumentException("lambda: must be set (λ > 0)");
            return new NewtonLoss(this);
        }

        private static <T> T require(String name, T v) {
            if (v == null) throw new IllegalArgumentException(name + ": must not be null");
            return v;
        }
    }
}
