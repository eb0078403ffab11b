package org.newton4j.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.newton4j.device.DeviceBuffer;

/**
 * Alice (Duersch, Catanach, Safonov, Wendt: "Curvature in the Looking-Glass"; reference code
 * sandialabs/alice, version 1.1), DESIGN §7.
 *
 * <p>State per parameter: μ (centre), ν (look-ahead), G (EMA gradient), R (EMA glass density),
 * H (EMA curvature: |h| for {@code abs}, h² for {@code rms}), V (EMA g²). A <em>sample step</em>
 * draws a counter-based Rademacher z (keyed by seed, batch number and element index, identical on
 * every backend) and evaluates the gradient at ν + σz, ν − σz and ν on the same minibatch:
 * hz = (g₊ − g₋)/(2σ) feeds H (with β3 = 1 − (q+1)(1 − β2)), Δg = ½(g₊ + g₋) − g₀ gives the glass
 * density ρ = 2Δg²/σ (EMA R, β3), g₀ feeds V (β2) and, with the regularisation w1 sign ν + w2 ν,
 * G (β1). A <em>quick step</em> evaluates only g(ν) and updates V and G. Betas are capped at
 * (n−1)/n at batch n. The first ⌊1/(1−β1)⌋ batches (10 for β1 = 0.9) are sample steps that only
 * build the averages; afterwards every (q+1)-th batch is a sample step, and every batch ends with
 * the elementwise step: α = (3/4π) ρ/(|G| + ε), h_opt = α + h + √(α(α + 2h)) + ε,
 * δ = |G|/h_opt clamped to [lr_min, lr_max] × (1, |G|, or |G|/(√V + ε) for the limiters fixed,
 * sgdm, adam), a NaN δ replaced by the upper bound, δ ← −sign(G) δ; ν ← μ + ωδ, μ ← μ + φδ.
 * After each step the parameter buffers hold μ.
 *
 * <p>Four fused kernels (init_pert, pert_update, quick_update, state_update) do the elementwise
 * work on OpenCL and CUDA from one source; the CPU backend runs their Java twins.
 *
 * <pre>{@code
 * try (Alice<Batch> alice = Alice.builder(params, oracle).lr(1e-3).hessComp("abs").build()) {
 *     for (Batch b : batches) alice.step(b);   // 3 gradient evaluations on sample steps, 1 on quick ones
 * }
 * }</pre>
 */
public final class Alice<B> implements Optimizer<B> {
    private static final String KIND = "alice";

    private final ParameterSet params;
    private final OptimKernels kernels;
    private final GradientEvaluator<B> evaluator;
    private final TensorList gradient, mu, nu, z, g, r, h, v;
    private final double beta1, beta2, beta3, eps, w1, w2, phi, omega;
    private final int hessComp, limiter, quickSteps, warmup, seed;
    private final boolean gradGlass, scaleBounds;
    private double lr, lrMin, lrMax;
    private final double scaleMin, scaleMax;
    private long batches;

    private Alice(Builder<B> b) {
        params = b.params;
        lr = Hyper.positive("lr", b.lr);
        beta1 = Hyper.inOpen("beta1", b.beta1, 0, 1);
        beta2 = Hyper.inOpen("beta2", b.beta2, 0, 1);
        eps = Hyper.positive("eps", b.eps);
        w1 = Hyper.nonNegative("w1", b.w1);
        w2 = Hyper.nonNegative("w2", b.w2);
        phi = Double.isNaN(b.phi) ? 1 - beta1 : Hyper.inOpen("phi", b.phi, 0, 2);
        omega = Hyper.positive("omega", b.omega);
        limiter = switch (b.limiter.toLowerCase(Locale.ROOT)) {
            case "fixed" -> 0;
            case "sgdm" -> 1;
            case "adam" -> 2;
            default -> throw new IllegalArgumentException("limiter: unknown '" + b.limiter + "' (expected fixed, sgdm or adam)");
        };
        hessComp = switch (b.hessComp.toLowerCase(Locale.ROOT)) {
            case "zero" -> 0;
            case "abs" -> 1;
            case "rms" -> 2;
            default -> throw new IllegalArgumentException("hessComp: unknown '" + b.hessComp + "' (expected zero, abs or rms)");
        };
        gradGlass = b.gradGlass;
        if (!gradGlass && hessComp == 0)
            throw new IllegalArgumentException("hessComp: 'zero' with gradGlass off leaves no curvature at all");
        lrMin = Hyper.nonNegative("lrMin", b.lrMin);
        lrMax = Double.isNaN(b.lrMax) ? 2 * lr : Hyper.nonNegative("lrMax", b.lrMax);
        if (!(lrMin <= lrMax)) throw new IllegalArgumentException("lrMax: " + lrMax + " is below lrMin " + lrMin);
        quickSteps = Hyper.atLeast("quickSteps", b.quickSteps, 0);
        beta3 = 1 - (quickSteps + 1) * (1 - beta2);
        if (!(beta3 > 0))
            throw new IllegalArgumentException("beta2: with quickSteps = " + quickSteps + " the sample-step beta 1 − (q+1)(1 − β2) = "
                    + beta3 + " is not positive");
        scaleBounds = b.scaleBoundsWithLr;
        scaleMin = lrMin / lr;
        scaleMax = lrMax / lr;
        warmup = (int) Math.floor(1 / (1 - beta1) + 1e-9);
        seed = b.seed;
        kernels = OptimKernels.on(params.backend());
        evaluator = new GradientEvaluator<>(b.oracle, params, kernels, b.checkFinite);
        gradient = params.allocateFilled(0);
        mu = params.allocateLike();
        nu = params.allocateLike();
        z = params.allocateFilled(0);
        g = params.allocateFilled(0);
        r = params.allocateFilled(0);
        h = params.allocateFilled(0);
        v = params.allocateFilled(0);
        for (int i = 0; i < params.size(); i++) {
            DeviceBuffer p = params.get(i).buffer();
            params.backend().copy(p, 0, mu.get(i), 0, p.length());
            params.backend().copy(p, 0, nu.get(i), 0, p.length());
        }
    }

    public static <B> Builder<B> builder(ParameterSet params, GradientOracle<B> oracle) {
        return new Builder<>(params, oracle);
    }

    /** The scalars the kernels see at batch n (betas capped at (n−1)/n). */
    AliceCoefficients coefficients(long n) {
        double cap = (n - 1.0) / n;
        return new AliceCoefficients(lr, Math.min(beta1, cap), Math.min(beta2, cap), Math.min(beta3, cap), w1, w2, eps,
                lrMin, lrMax, phi, omega, hessComp, gradGlass, limiter);
    }

    /** True when batch n (1-based) is a sample step. */
    public boolean isSampleStep(long n) { return n <= warmup || n % (quickSteps + 1) == 0; }

    @Override
    public double step(B batch) {
        long n = batches + 1;
        AliceCoefficients c = coefficients(n);
        List<DeviceBuffer> p = params.buffers();
        try {
            return step(batch, n, c, p);
        } catch (RuntimeException e) {
            copy(mu, p);  // a failed evaluation leaves the parameters at μ, not at a perturbed point
            throw e;
        }
    }

    private double step(B batch, long n, AliceCoefficients c, List<DeviceBuffer> p) {
        double loss;
        if (isSampleStep(n)) {
            for (int i = 0; i < params.size(); i++)
                kernels.aliceInitPert(p.get(i), nu.get(i), z.get(i), lr, seed, (int) n, params.offset(i));
            loss = Double.NaN;
            for (int phase = 0; phase < 3; phase++) {
                loss = evaluator.evaluate(p, batch, gradient.buffers());
                for (int i = 0; i < params.size(); i++)
                    kernels.alicePertUpdate(p.get(i), nu.get(i), z.get(i), gradient.get(i), g.get(i), r.get(i), h.get(i),
                            v.get(i), phase, c);
            }
        } else {
            copy(nu, p);
            loss = evaluator.evaluate(p, batch, gradient.buffers());
            for (int i = 0; i < params.size(); i++) kernels.aliceQuickUpdate(nu.get(i), gradient.get(i), g.get(i), v.get(i), c);
        }
        if (n > warmup) {
            for (int i = 0; i < params.size(); i++)
                kernels.aliceStateUpdate(p.get(i), mu.get(i), nu.get(i), g.get(i), r.get(i), h.get(i), v.get(i), c);
        } else {
            copy(mu, p);
        }
        batches = n;
        return loss;
    }

    private void copy(TensorList from, List<DeviceBuffer> to) {
        for (int i = 0; i < to.size(); i++) params.backend().copy(from.get(i), 0, to.get(i), 0, to.get(i).length());
    }

    /** Batches seen. */
    @Override public long steps() { return batches; }
    @Override public ParameterSet parameters() { return params; }

    /** Number of leading batches that only build the averages. */
    public int warmupBatches() { return warmup; }

    /** Gradient evaluations made so far (3 per sample step, 1 per quick step). */
    public long gradientEvaluations() { return evaluator.evaluations(); }

    public double lr() { return lr; }

    /** Changes lr (σ and the Adam-like rate); with scale-bounds-with-lr, lr_min and lr_max follow by the same factor. */
    public void setLr(double newLr) {
        lr = Hyper.positive("lr", newLr);
        if (scaleBounds) {
            lrMin = lr * scaleMin;
            lrMax = lr * scaleMax;
        }
    }

    /** State views for logging and tests (do not modify): centre μ, look-ahead ν, EMA gradient G, glass R, curvature H, second moment V. */
    public List<DeviceBuffer> centre() { return mu.buffers(); }
    public List<DeviceBuffer> lookAhead() { return nu.buffers(); }
    public List<DeviceBuffer> emaGradient() { return g.buffers(); }
    public List<DeviceBuffer> glassDensity() { return r.buffers(); }
    public List<DeviceBuffer> curvature() { return h.buffers(); }
    public List<DeviceBuffer> secondMoment() { return v.buffers(); }

    @Override
    public void save(DataOutput out) throws IOException {
        StateStreams.writeHeader(out, KIND, params);
        out.writeDouble(beta1);
        out.writeDouble(beta2);
        out.writeDouble(quickSteps);
        out.writeDouble(hessComp);
        out.writeLong(batches);
        out.writeDouble(lr);
        out.writeDouble(lrMin);
        out.writeDouble(lrMax);
        out.writeInt(seed);
        for (TensorList t : new TensorList[] {mu, nu, g, r, h, v}) StateStreams.writeTensors(out, t);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        StateStreams.readHeader(in, KIND, params);
        StateStreams.expectSame(in, "beta1", beta1);
        StateStreams.expectSame(in, "beta2", beta2);
        StateStreams.expectSame(in, "quickSteps", quickSteps);
        StateStreams.expectSame(in, "hessComp", hessComp);
        long n = in.readLong();
        double l = in.readDouble(), lo = in.readDouble(), hi = in.readDouble();
        int s = in.readInt();
        if (s != seed) throw new IllegalArgumentException("checkpoint: seed was " + s + ", this optimizer has " + seed);
        String[] names = {"mu", "nu", "G", "R", "H", "V"};
        TensorList[] lists = {mu, nu, g, r, h, v};
        for (int k = 0; k < lists.length; k++) StateStreams.readTensors(in, lists[k], names[k], params);
        batches = n;
        lr = l;
        lrMin = lo;
        lrMax = hi;
        copy(mu, params.buffers());
    }

    @Override
    public void close() {
        for (TensorList t : new TensorList[] {gradient, mu, nu, z, g, r, h, v}) t.close();
        kernels.close();
    }

    public static final class Builder<B> {
        private final ParameterSet params;
        private final GradientOracle<B> oracle;
        private double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, w1, w2, phi = Double.NaN, omega = 1;
        private double lrMin, lrMax = Double.NaN;
        private String limiter = "adam", hessComp = "abs";
        private boolean gradGlass = true, scaleBoundsWithLr = true, checkFinite = true;
        private int quickSteps = 3, seed;

        private Builder(ParameterSet params, GradientOracle<B> oracle) {
            if (params == null) throw new IllegalArgumentException("params: is null");
            this.params = params;
            this.oracle = oracle;
        }

        /** Perturbation length σ and the Adam-like rate that scales the bounds (default 1e-3). */
        public Builder<B> lr(double x) { lr = x; return this; }
        public Builder<B> betas(double b1, double b2) { beta1 = b1; beta2 = b2; return this; }
        public Builder<B> eps(double x) { eps = x; return this; }
        /** L1 weight: adds w1 sign(ν) to the averaged gradient. */
        public Builder<B> w1(double x) { w1 = x; return this; }
        /** L2 weight: adds w2 ν to the averaged gradient and w2 to the curvature. */
        public Builder<B> w2(double x) { w2 = x; return this; }
        /** Fraction of the step taken by μ (default 1 − β1). */
        public Builder<B> phi(double x) { phi = x; return this; }
        /** Look-ahead multiplier (default 1). */
        public Builder<B> omega(double x) { omega = x; return this; }
        /** fixed, sgdm or adam (default). */
        public Builder<B> limiter(String x) { limiter = x; return this; }
        public Builder<B> lrMin(double x) { lrMin = x; return this; }
        /** Default 2 lr. */
        public Builder<B> lrMax(double x) { lrMax = x; return this; }
        public Builder<B> scaleBoundsWithLr(boolean x) { scaleBoundsWithLr = x; return this; }
        /** zero, abs (default) or rms. */
        public Builder<B> hessComp(String x) { hessComp = x; return this; }
        public Builder<B> gradGlass(boolean x) { gradGlass = x; return this; }
        /** Quick steps between sample steps after the warm-up (default 3). */
        public Builder<B> quickSteps(int x) { quickSteps = x; return this; }
        /** Key of the Rademacher draws. */
        public Builder<B> seed(int x) { seed = x; return this; }
        public Builder<B> checkFinite(boolean x) { checkFinite = x; return this; }

        public Alice<B> build() { return new Alice<>(this); }
    }
}
