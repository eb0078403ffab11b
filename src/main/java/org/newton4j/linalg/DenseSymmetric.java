package org.newton4j.linalg;

/**
 * Single-matrix float64 routines on row-major arrays: the arithmetic of the CPU backend and of the
 * kernels in kernels/common/linalg.h, written once for Java. Also usable directly by callers that
 * hold one small matrix (e.g. an optimizer's S×S system).
 */
public final class DenseSymmetric {
    /** Pivots (eigenvalues) with |d| ≤ m · SINGULAR_PIVOT_FACTOR · ε · max|diag| count as zero. */
    public static final double SINGULAR_PIVOT_FACTOR = 1.0;
    /** Jacobi stops when off-diagonal mass ≤ ε² · total mass, or after this many sweeps. */
    public static final int MAX_JACOBI_SWEEPS = 60;

    private DenseSymmetric() { }

    /**
     * In-place Cholesky of the lower triangle of s (m×m, at offset) after adding lambda to the
     * diagonal. eps: machine epsilon used by the singularity threshold.
     */
    public static SolveStatus choleskyInPlace(double[] s, int off, int m, double lambda, double eps) {
        double maxdiag = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) if (!Double.isFinite(s[off + i * m + j])) return SolveStatus.NON_FINITE;
            s[off + i * m + i] += lambda;
            maxdiag = Math.max(maxdiag, Math.abs(s[off + i * m + i]));
        }
        double tol = m * SINGULAR_PIVOT_FACTOR * eps * maxdiag;
        for (int k = 0; k < m; k++) {
            double d = s[off + k * m + k];
            for (int p = 0; p < k; p++) d -= s[off + k * m + p] * s[off + k * m + p];
            if (!Double.isFinite(d)) return SolveStatus.NON_FINITE;
            if (!(d > tol)) return d >= -tol ? SolveStatus.SINGULAR : SolveStatus.NOT_POSITIVE_DEFINITE;
            double l = Math.sqrt(d);
            s[off + k * m + k] = l;
            for (int i = k + 1; i < m; i++) {
                double v = s[off + i * m + k];
                for (int p = 0; p < k; p++) v -= s[off + i * m + p] * s[off + k * m + p];
                s[off + i * m + k] = v / l;
            }
        }
        return SolveStatus.OK;
    }

    /** Solves L Lᵀ y = y in place, L the lower triangle of l at lOff. */
    public static void choleskySubstitute(double[] l, int lOff, double[] y, int yOff, int m) {
        for (int i = 0; i < m; i++) {
            double v = y[yOff + i];
            for (int p = 0; p < i; p++) v -= l[lOff + i * m + p] * y[yOff + p];
            y[yOff + i] = v / l[lOff + i * m + i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double v = y[yOff + i];
            for (int p = i + 1; p < m; p++) v -= l[lOff + p * m + i] * y[yOff + p];
            y[yOff + i] = v / l[lOff + i * m + i];
        }
    }

    /**
     * Cyclic Jacobi on the symmetric matrix whose lower triangle is in a (at aOff). Writes
     * eigenvectors as the columns of v (m×m) and eigenvalues to values. Returns NON_FINITE or OK.
     */
    public static SolveStatus jacobiEigen(double[] a, int aOff, int m, double[] v, int vOff, double[] values, int valOff) {
        double[] s = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++) {
                double x = j <= i ? a[aOff + i * m + j] : a[aOff + j * m + i];
                if (!Double.isFinite(x)) {
                    for (int k = 0; k < m; k++) values[valOff + k] = Double.NaN;
                    return SolveStatus.NON_FINITE;
                }
                s[i * m + j] = x;
                v[vOff + i * m + j] = i == j ? 1 : 0;
            }
        final double eps = 0x1.0p-52;
        for (int sweep = 0; sweep < MAX_JACOBI_SWEEPS; sweep++) {
            double off = 0, diag = 0;
            for (int i = 0; i < m; i++) {
                diag += s[i * m + i] * s[i * m + i];
                for (int j = 0; j < i; j++) off += s[i * m + j] * s[i * m + j];
            }
            if (off <= eps * eps * (diag + off)) break;
            for (int p = 0; p < m - 1; p++)
                for (int q = p + 1; q < m; q++) {
                    double apq = s[p * m + q];
                    if (apq == 0) continue;
                    double theta = (s[q * m + q] - s[p * m + p]) / (2 * apq);
                    double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1), sn = t * c;
                    for (int k = 0; k < m; k++) {
                        double skp = s[k * m + p], skq = s[k * m + q];
                        s[k * m + p] = c * skp - sn * skq;
                        s[k * m + q] = sn * skp + c * skq;
                        double vkp = v[vOff + k * m + p], vkq = v[vOff + k * m + q];
                        v[vOff + k * m + p] = c * vkp - sn * vkq;
                        v[vOff + k * m + q] = sn * vkp + c * vkq;
                    }
                    for (int k = 0; k < m; k++) {
                        double spk = s[p * m + k], sqk = s[q * m + k];
                        s[p * m + k] = c * spk - sn * sqk;
                        s[q * m + k] = sn * spk + c * sqk;
                    }
                }
        }
        for (int i = 0; i < m; i++) values[valOff + i] = s[i * m + i];
        return SolveStatus.OK;
    }

    /**
     * x = V f(Λ) Vᵀ r, f(λ) = 1/(λ + damping) or 1/(|λ| + damping). Returns SINGULAR when a
     * denominator is zero within m·ε·max(|λ|+|damping|) (then x is NaN).
     */
    public static SolveStatus eigenApply(double[] v, int vOff, double[] values, int valOff, int m, double[] r, int rOff,
                                         double[] x, int xOff, double damping, SpectrumPolicy policy, double eps) {
        double maxabs = 0;
        for (int i = 0; i < m; i++) maxabs = Math.max(maxabs, Math.abs(values[valOff + i]) + Math.abs(damping));
        double tol = m * SINGULAR_PIVOT_FACTOR * eps * maxabs;
        double[] w = new double[m];
        for (int k = 0; k < m; k++) {
            double ev = values[valOff + k];
            double den = (policy == SpectrumPolicy.ABSOLUTE ? Math.abs(ev) : ev) + damping;
            if (!(Math.abs(den) > tol)) {
                for (int i = 0; i < m; i++) x[xOff + i] = Double.NaN;
                return SolveStatus.SINGULAR;
            }
            double dot = 0;
            for (int j = 0; j < m; j++) dot += v[vOff + j * m + k] * r[rOff + j];
            w[k] = dot / den;
        }
        for (int i = 0; i < m; i++) {
            double acc = 0;
            for (int k = 0; k < m; k++) acc += v[vOff + i * m + k] * w[k];
            x[xOff + i] = acc;
        }
        return SolveStatus.OK;
    }
}
