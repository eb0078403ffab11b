package org.newton4j.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.newton4j.device.DeviceBuffer;

/**
 * GroupedNewton (Wolinski, "Gathering and Exploiting Higher-Order Information when Training Large
 * Structured Models"; reference code p-wol/GroupedNewton, uniform-average variant), DESIGN §7.
 *
 * <p>The parameters are partitioned into S groups. Every step computes a direction u from the
 * gradient with a first-order rule (SGD with momentum, or Adam) and moves each group along it with
 * its own rate: θ_s ← θ_s − λ₁ η_s u_s. Every {@code period} steps a <em>refresh</em> measures, on
 * a separate minibatch drawn from {@code curvatureBatches}, at the current θ along the fresh u:
 * <ul>
 *   <li>ḡ_s = u_sᵀ g_s (one gradient evaluation),</li>
 *   <li>H̄_st = u_sᵀ H_st u_t, cross-group terms included (S Hessian-vector products with u
 *       restricted to one group; exact oracle or finite differences, see {@link DirectionalDerivatives}),</li>
 *   <li>T_s = ∂³L[u_s, u_s, u_s] (exact oracle or finite differences).</li>
 * </ul>
 * The summaries are averaged over the last {@code window} refreshes (default 3); the first
 * {@code warmupRefreshes} refreshes (default 3) only fill the averages and the parameters do not
 * move. Then the rates solve the cubic-regularised model in float64 ({@link CubicRates}) with
 * D = diag(|T̄_s|^{1/3}); when no step is found the previous rates are kept (as the reference does).
 * Optional momentum on the rates (η ← m η_prev + (1 − m) η_new), negative rates set to 0 when
 * applied, and λ₁ halved on plateaus of the loss reported through {@link #reportLoss}. Each refresh
 * is published as a {@link RefreshRecord} to the listener.
 *
 * <p>Refresh cost in gradient-evaluation units: 1 + S·c_H + S·c_T, where c_H = 2 for a
 * finite-difference HVP (an exact double-backward HVP is about 2 as well) and c_T = 2 (finite
 * differences) or the cost of the exact third-order oracle.
 *
 * <pre>{@code
 * Objective<Batch> f = Objective.of(gradientOracle).withHessianVector(hvpOracle);   // HVP optional
 * try (GroupedNewton<Batch> gn = GroupedNewton.builder(params, f, curvatureLoader::next)
 *         .partition(Partition.weightsBiases(params)).sgdDirection(1.0, 0.9)
 *         .period(10).lambda1(0.1).lambdaInt(1).listener(log::add).build()) {
 *     for (Batch b : batches) gn.step(b);
 *     gn.reportLoss(validationLoss);   // halves λ₁ on plateaus
 * }
 * }</pre>
 */
public final class GroupedNewton<B> implements Optimizer<B> {
    private static final String KIND = "grouped-newton";

    private record Summary(double[] g, double[][] h, double[] t) { }

    private final ParameterSet params;
    private final Partition partition;
    private final Supplier<B> curvatureBatches;
    private final OptimKernels kernels;
    private final GradientEvaluator<B> evaluator;
    private final DirectionalDerivatives<B> derivatives;
    private final DirectionRule rule;
    private final TensorList gradient, u, hu, zeros;
    private final int period, window, warmupRefreshes, groups;
    private final double rateMomentum;
    private final boolean zeroNegativeRates;
    private final PlateauHalving plateau;
    private final Consumer<RefreshRecord> listener;
    private double lambda1, lambdaInt;
    private final Deque<Summary> history = new ArrayDeque<>();
    private double[] currentRates;   // after momentum, before zeroing (null until the first solve)
    private double[] appliedRates;   // what the update uses
    private RefreshRecord lastRefresh;
    private long steps;

    private GroupedNewton(Builder<B> b) {
        params = b.params;
        partition = b.partition != null ? b.partition : Partition.canonical(params);
        if (partition.tensors() != params.size())
            throw new IllegalArgumentException("partition: covers " + partition.tensors() + " tensors, the parameters have " + params.size());
        if (b.curvatureBatches == null) throw new IllegalArgumentException("curvatureBatches: is null");
        curvatureBatches = b.curvatureBatches;
        groups = partition.groups();
        period = Hyper.atLeast("period", b.period, 1);
        window = Hyper.atLeast("window", b.window, 1);
        warmupRefreshes = Hyper.atLeast("warmupRefreshes", b.warmupRefreshes, 0);
        lambda1 = Hyper.positive("lambda1", b.lambda1);
        lambdaInt = Hyper.nonNegative("lambdaInt", b.lambdaInt);
        rateMomentum = Hyper.inHalfOpen("rateMomentum", b.rateMomentum, 0, 1);
        zeroNegativeRates = b.zeroNegativeRates;
        plateau = b.plateau != null ? b.plateau : PlateauHalving.defaults();
        listener = b.listener;
        kernels = OptimKernels.on(params.backend());
        evaluator = new GradientEvaluator<>(b.objective.gradient(), params, kernels, b.checkFinite);
        rule = b.useAdam
                ? Adam.<B>builder(params, null).lr(b.directionLr).betas(b.beta1, b.beta2).eps(b.adamEps).build()
                : Sgd.<B>builder(params, null).lr(b.directionLr).momentum(b.momentum).nesterov(b.nesterov).build();
        derivatives = new DirectionalDerivatives<>(b.objective, params, kernels, evaluator);
        gradient = params.allocateFilled(0);
        u = params.allocateFilled(0);
        hu = params.allocateFilled(0);
        zeros = groups > 1 ? params.allocateFilled(0) : null;
    }

    /**
     * @param curvatureBatches supplies the separate minibatch of each refresh (the reference's hg loader)
     */
    public static <B> Builder<B> builder(ParameterSet params, Objective<B> objective, Supplier<B> curvatureBatches) {
        return new Builder<>(params, objective, curvatureBatches);
    }

    @Override
    public double step(B batch) {
        boolean warmupOver = steps / period >= warmupRefreshes;
        boolean refresh = steps % period == 0;
        List<DeviceBuffer> theta = params.buffers();
        double loss = evaluator.evaluate(theta, batch, gradient.buffers());
        if (refresh) {
            rule.direction(gradient.buffers(), u.buffers());
            refresh(theta, warmupOver);
            if (warmupOver) move();
        } else if (warmupOver) {
            rule.direction(gradient.buffers(), u.buffers());
            move();
        }
        steps++;
        return loss;
    }

    /** θ_s ← θ_s − λ₁ η_s u_s. */
    private void move() {
        if (appliedRates == null) return;
        for (int i = 0; i < params.size(); i++) {
            double eta = appliedRates[partition.groupOf(i)];
            if (eta == 0) continue;
            DeviceBuffer p = params.get(i).buffer();
            kernels.axpby(p, 1, p, -lambda1 * eta, u.get(i));
        }
    }

    /** u with every tensor outside group s replaced by zeros. */
    private List<DeviceBuffer> restricted(int s) {
        if (groups == 1) return u.buffers();
        List<DeviceBuffer> out = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) out.add(partition.groupOf(i) == s ? u.get(i) : zeros.get(i));
        return out;
    }

    /** Σ over the tensors of group s of x·y. */
    private double groupDot(int s, List<DeviceBuffer> x, List<DeviceBuffer> y) {
        double acc = 0;
        for (int i = 0; i < params.size(); i++) if (partition.groupOf(i) == s) acc += kernels.dot(x.get(i), y.get(i));
        return acc;
    }

    private void refresh(List<DeviceBuffer> theta, boolean warmupOver) {
        B hgBatch = curvatureBatches.get();
        double[] gBar = new double[groups];
        double[][] hBar = new double[groups][groups];
        double[] third = new double[groups];
        evaluator.evaluate(theta, hgBatch, hu.buffers());
        for (int s = 0; s < groups; s++) gBar[s] = groupDot(s, u.buffers(), hu.buffers());
        for (int t = 0; t < groups; t++) {
            derivatives.hessianVector(theta, hgBatch, restricted(t), hu.buffers());
            for (int s = 0; s < groups; s++) hBar[s][t] = groupDot(s, u.buffers(), hu.buffers());
        }
        for (int s = 0; s < groups; s++)
            for (int t = s + 1; t < groups; t++) hBar[s][t] = hBar[t][s] = 0.5 * (hBar[s][t] + hBar[t][s]);
        // without cubic regularisation the third-order terms are unused (the reference's noregul skips them too)
        if (lambdaInt > 0)
            for (int s = 0; s < groups; s++) third[s] = derivatives.thirdDirectional(theta, hgBatch, restricted(s), gBar[s]);

        history.addLast(new Summary(gBar, hBar, third));
        while (history.size() > window) history.removeFirst();
        Summary avg = average();

        CubicRates.Result solution = null;
        if (warmupOver) {
            double[] d = new double[groups];
            for (int s = 0; s < groups; s++) d[s] = Math.cbrt(Math.abs(avg.t()[s]));
            solution = CubicRates.solve(avg.h(), avg.g(), d, lambdaInt);
            double[] fresh = solution.found() ? solution.rates() : (currentRates != null ? currentRates : new double[groups]);
            double m = currentRates != null ? rateMomentum : 0;
            double[] next = new double[groups];
            for (int s = 0; s < groups; s++) next[s] = m * (currentRates != null ? currentRates[s] : 0) + (1 - m) * fresh[s];
            currentRates = next;
            appliedRates = next.clone();
            if (zeroNegativeRates) for (int s = 0; s < groups; s++) appliedRates[s] = Math.max(0, appliedRates[s]);
        }
        lastRefresh = new RefreshRecord(steps, !warmupOver, gBar.clone(), deepCopy(hBar), third.clone(),
                avg.g().clone(), deepCopy(avg.h()), avg.t().clone(), solution,
                warmupOver ? appliedRates.clone() : null, lambda1);
        if (listener != null) listener.accept(lastRefresh);
    }

    private Summary average() {
        double[] g = new double[groups], t = new double[groups];
        double[][] h = new double[groups][groups];
        for (Summary s : history)
            for (int i = 0; i < groups; i++) {
                g[i] += s.g()[i] / history.size();
                t[i] += s.t()[i] / history.size();
                for (int j = 0; j < groups; j++) h[i][j] += s.h()[i][j] / history.size();
            }
        return new Summary(g, h, t);
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    /** Reports a monitored loss (e.g. per epoch); halves λ₁ on plateaus. Returns λ₁ now in force. */
    public double reportLoss(double loss) {
        lambda1 = plateau.report(loss, lambda1);
        return lambda1;
    }

    public double lambda1() { return lambda1; }

    public void setLambda1(double x) { lambda1 = Hyper.positive("lambda1", x); }

    public double lambdaInt() { return lambdaInt; }

    public void setLambdaInt(double x) { lambdaInt = Hyper.nonNegative("lambdaInt", x); }

    public Partition partition() { return partition; }

    /** The rates in force (after zeroing), or null before the first solve. */
    public double[] rates() { return appliedRates == null ? null : appliedRates.clone(); }

    public RefreshRecord lastRefresh() { return lastRefresh; }

    /** The current direction u (θ moves by −λ₁ η_s u_s); do not modify. */
    public List<DeviceBuffer> direction() { return u.buffers(); }

    /** Gradient evaluations so far, finite-difference ones included. */
    public long gradientEvaluations() { return evaluator.evaluations(); }

    @Override public long steps() { return steps; }
    @Override public ParameterSet parameters() { return params; }

    @Override
    public void save(DataOutput out) throws IOException {
        StateStreams.writeHeader(out, KIND, params);
        out.writeDouble(period);
        out.writeDouble(window);
        out.writeDouble(groups);
        out.writeDouble(warmupRefreshes);
        out.writeLong(steps);
        out.writeDouble(lambda1);
        out.writeDouble(lambdaInt);
        writeArray(out, currentRates);
        writeArray(out, appliedRates);
        out.writeInt(history.size());
        for (Summary s : history) {
            writeArray(out, s.g());
            for (double[] row : s.h()) writeArray(out, row);
            writeArray(out, s.t());
        }
        writeArray(out, plateau.state());
        rule.save(out);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        StateStreams.readHeader(in, KIND, params);
        StateStreams.expectSame(in, "period", period);
        StateStreams.expectSame(in, "window", window);
        StateStreams.expectSame(in, "groups", groups);
        StateStreams.expectSame(in, "warmupRefreshes", warmupRefreshes);
        long k = in.readLong();
        double l1 = in.readDouble(), li = in.readDouble();
        double[] cur = readArray(in), applied = readArray(in);
        int n = in.readInt();
        if (n < 0 || n > window) throw new IllegalArgumentException("checkpoint: " + n + " averaged refreshes for a window of " + window);
        Deque<Summary> h = new ArrayDeque<>();
        for (int j = 0; j < n; j++) {
            double[] g = readArray(in);
            double[][] hh = new double[groups][];
            for (int i = 0; i < groups; i++) hh[i] = readArray(in);
            h.addLast(new Summary(g, hh, readArray(in)));
        }
        double[] pl = readArray(in);
        rule.restore(in);
        steps = k;
        lambda1 = l1;
        lambdaInt = li;
        currentRates = cur;
        appliedRates = applied;
        history.clear();
        history.addAll(h);
        plateau.restore(pl);
    }

    private static void writeArray(DataOutput out, double[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) for (double x : a) out.writeDouble(x);
    }

    private static double[] readArray(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < -1 || n > 1 << 20) throw new IllegalArgumentException("checkpoint: corrupt array length " + n);
        if (n == -1) return null;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = in.readDouble();
        return a;
    }

    @Override
    public void close() {
        derivatives.close();
        rule.close();
        gradient.close();
        u.close();
        hu.close();
        if (zeros != null) zeros.close();
        kernels.close();
    }

    public static final class Builder<B> {
        private final ParameterSet params;
        private final Objective<B> objective;
        private final Supplier<B> curvatureBatches;
        private Partition partition;
        private boolean useAdam, nesterov, zeroNegativeRates = true, checkFinite = true;
        private double directionLr = 1, momentum = 0.9, beta1 = 0.9, beta2 = 0.999, adamEps = 1e-8;
        private int period = 10, window = 3, warmupRefreshes = 3;
        private double lambda1 = 0.1, lambdaInt = 1, rateMomentum;
        private PlateauHalving plateau;
        private Consumer<RefreshRecord> listener;

        private Builder(ParameterSet params, Objective<B> objective, Supplier<B> curvatureBatches) {
            if (params == null) throw new IllegalArgumentException("params: is null");
            if (objective == null) throw new IllegalArgumentException("objective: is null");
            this.params = params;
            this.objective = objective;
            this.curvatureBatches = curvatureBatches;
        }

        /** Default: canonical (one group per tensor). */
        public Builder<B> partition(Partition p) { partition = p; return this; }
        /** u from SGD with momentum (the default: lr 1, momentum 0.9). */
        public Builder<B> sgdDirection(double lr, double momentum) {
            useAdam = false; directionLr = lr; this.momentum = momentum; return this;
        }
        public Builder<B> nesterov(boolean x) { nesterov = x; return this; }
        /** u from Adam. */
        public Builder<B> adamDirection(double lr, double beta1, double beta2, double eps) {
            useAdam = true; directionLr = lr; this.beta1 = beta1; this.beta2 = beta2; adamEps = eps; return this;
        }
        /** Steps between refreshes (default 10). */
        public Builder<B> period(int x) { period = x; return this; }
        /** Refreshes averaged (default 3). */
        public Builder<B> window(int x) { window = x; return this; }
        /** Leading refreshes that only fill the averages (default 3). */
        public Builder<B> warmupRefreshes(int x) { warmupRefreshes = x; return this; }
        /** The damping λ₁ multiplying the rates (default 0.1). */
        public Builder<B> lambda1(double x) { lambda1 = x; return this; }
        /** The cubic regularisation λ_int (default 1; 0 = plain Newton rates, needs H̄ positive definite). */
        public Builder<B> lambdaInt(double x) { lambdaInt = x; return this; }
        /** Momentum on the rates (default 0). */
        public Builder<B> rateMomentum(double x) { rateMomentum = x; return this; }
        public Builder<B> zeroNegativeRates(boolean x) { zeroNegativeRates = x; return this; }
        public Builder<B> plateau(PlateauHalving x) { plateau = x; return this; }
        public Builder<B> listener(Consumer<RefreshRecord> x) { listener = x; return this; }
        public Builder<B> checkFinite(boolean x) { checkFinite = x; return this; }

        public GroupedNewton<B> build() { return new GroupedNewton<>(this); }
    }
}
