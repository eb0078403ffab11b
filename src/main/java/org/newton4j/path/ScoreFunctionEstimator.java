package org.newton4j.path;

/**
 * Score-function (stochastic smoothing) estimators for one map, from S evaluations of a function
 * f: ℝ^m → ℝ^k at c + εZ_s (Petersen et al., arXiv 2410.08125): the smoothed value
 * mean_s f_s, the Jacobian (1/S) Σ_s (f_s − b_s) s(Z_s)ᵀ / ε (k×m) and, for each output r, the
 * Hessian (1/S) Σ_s (f_s,r − b_s,r) (∇²μ/μ)(Z_s) / ε² (m×m, symmetric by construction).
 * Baselines b_s (f(c), leave-one-out) keep all three unbiased and reduce their variance.
 */
public final class ScoreFunctionEstimator {
    private final Noise noise;
    private final double epsilon;
    private final Baseline baseline;

    public ScoreFunctionEstimator(Noise noise, double epsilon, Baseline baseline) {
        if (noise == null) throw new IllegalArgumentException("noise: must not be null");
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) throw new IllegalArgumentException("epsilon: must be finite and > 0, got " + epsilon);
        if (baseline == null) throw new IllegalArgumentException("baseline: must not be null");
        this.noise = noise;
        this.epsilon = epsilon;
        this.baseline = baseline;
    }

    /** The centred values f_s − b_s (S×k); fAtC (k) is needed for {@link Baseline#F_OF_C}. */
    double[] centred(double[] f, int samples, int k, double[] fAtC) {
        double[] out = new double[samples * k];
        double[] sum = new double[k];
        for (int s = 0; s < samples; s++) for (int r = 0; r < k; r++) sum[r] += f[s * k + r];
        for (int s = 0; s < samples; s++) {
            for (int r = 0; r < k; r++) {
                double b;
                switch (baseline) {
                    case F_OF_C: b = fAtC[r]; break;
                    case LEAVE_ONE_OUT: b = samples > 1 ? (sum[r] - f[s * k + r]) / (samples - 1) : 0; break;
                    default: b = 0;
                }
                out[s * k + r] = f[s * k + r] - b;
            }
        }
        return out;
    }

    /** Mean of f over the samples (k). */
    static double[] mean(double[] f, int samples, int k) {
        double[] out = new double[k];
        for (int s = 0; s < samples; s++) for (int r = 0; r < k; r++) out[r] += f[s * k + r] / samples;
        return out;
    }

    /** Jacobian estimate k×m of E[f(c+εZ)] from centred values (S×k) and perturbations z (S×m). */
    double[] jacobian(double[] centred, double[] z, int samples, int k, int m) {
        double[] jac = new double[k * m];
        for (int s = 0; s < samples; s++) {
            for (int r = 0; r < k; r++) {
                double f = centred[s * k + r];
                if (f == 0) continue;
                for (int j = 0; j < m; j++) jac[r * m + j] += f * noise.score(z[s * m + j]);
            }
        }
        double scale = 1.0 / (samples * epsilon);
        for (int i = 0; i < jac.length; i++) jac[i] *= scale;
        return jac;
    }

    /** Hessian estimate m×m of E[f_r(c+εZ)] for output r. */
    double[] hessian(double[] centred, double[] z, int samples, int k, int r, int m) {
        double[] h = new double[m * m];
        double[] sc = new double[m];
        for (int s = 0; s < samples; s++) {
            double f = centred[s * k + r];
            if (f == 0) continue;
            for (int j = 0; j < m; j++) sc[j] = noise.score(z[s * m + j]);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++)
                    h[i * m + j] += f * (i == j ? noise.secondScore(z[s * m + i]) : sc[i] * sc[j]);
            }
        }
        double scale = 1.0 / (samples * epsilon * epsilon);
        for (int i = 0; i < h.length; i++) h[i] *= scale;
        return h;
    }

    public Noise noise() { return noise; }
    public double epsilon() { return epsilon; }
    public Baseline baseline() { return baseline; }
}
