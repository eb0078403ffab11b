package org.newton4j.path;

import java.util.Locale;

/**
 * Perturbation densities μ (i.i.d. per element) for stochastic smoothing, with the first- and
 * second-order scores the estimators need: gradient E[f(c+εZ) s(Z)]/ε with s = −∇log μ, Hessian
 * E[f(c+εZ) ∇²μ(Z)/μ(Z)]/ε², where (∇²μ/μ)_ij = s_i s_j off the diagonal and μ''/μ on it.
 */
public enum Noise {
    /** Standard normal: s = z, μ''/μ = z² − 1 (so ∇²μ/μ = ZZᵀ − I). */
    GAUSSIAN,
    /** Standard Cauchy (heavy-tailed): s = 2z/(1+z²), μ''/μ = (6z² − 2)/(1+z²)². */
    CAUCHY;

    int code() { return ordinal(); }

    public double sample(long seed, int map, int sample, int element) {
        return this == GAUSSIAN ? Philox.gaussian(seed, map, sample, element) : Philox.cauchy(seed, map, sample, element);
    }

    /** −d/dz log μ(z). */
    public double score(double z) { return this == GAUSSIAN ? z : 2 * z / (1 + z * z); }

    /** μ''(z)/μ(z). */
    public double secondScore(double z) {
        if (this == GAUSSIAN) return z * z - 1;
        double d = 1 + z * z;
        return (6 * z * z - 2) / (d * d);
    }

    public static Noise parse(String name, String argumentName) {
        String t = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "gaussian": case "normal": return GAUSSIAN;
            case "cauchy": return CAUCHY;
            default: throw new IllegalArgumentException(argumentName + ": unknown noise '" + name + "' (expected gaussian or cauchy)");
        }
    }

    @Override
    public String toString() { return name().toLowerCase(Locale.ROOT); }
}
