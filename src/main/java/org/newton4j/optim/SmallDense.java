package org.newton4j.optim;

/** Float64 dense algebra for the S×S systems of GroupedNewton (S is tens at most). */
final class SmallDense {
    private SmallDense() { }

    /** Solves A x = b by Gaussian elimination with partial pivoting; throws ArithmeticException when A is singular. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) m[i] = a[i].clone();
        double[] x = b.clone();
        double scale = 0;
        for (double[] row : a) for (double v : row) scale = Math.max(scale, Math.abs(v));
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.abs(m[i][k]) > Math.abs(m[p][k])) p = i;
            if (!(Math.abs(m[p][k]) > 1e-14 * scale)) throw new ArithmeticException("singular matrix");
            double[] t = m[p]; m[p] = m[k]; m[k] = t;
            double tx = x[p]; x[p] = x[k]; x[k] = tx;
            for (int i = k + 1; i < n; i++) {
                double f = m[i][k] / m[k][k];
                if (f == 0) continue;
                for (int j = k; j < n; j++) m[i][j] -= f * m[k][j];
                x[i] -= f * x[k];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int j = i + 1; j < n; j++) s -= m[i][j] * x[j];
            x[i] = s / m[i][i];
        }
        return x;
    }

    /** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations, ascending. */
    static double[] symmetricEigenvalues(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) m[i] = a[i].clone();
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0, total = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    total += m[i][j] * m[i][j];
                    if (i != j) off += m[i][j] * m[i][j];
                }
            if (off <= 1e-30 * total || off == 0) break;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] == 0) continue;
                    double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) {
                        double mkp = m[k][p], mkq = m[k][q];
                        m[k][p] = c * mkp - s * mkq;
                        m[k][q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double mpk = m[p][k], mqk = m[q][k];
                        m[p][k] = c * mpk - s * mqk;
                        m[q][k] = s * mpk + c * mqk;
                    }
                }
        }
        double[] e = new double[n];
        for (int i = 0; i < n; i++) e[i] = m[i][i];
        java.util.Arrays.sort(e);
        return e;
    }

    static double smallestEigenvalue(double[][] a) { return symmetricEigenvalues(a)[0]; }

    /** Brent's method (as scipy's brentq) for a root of f in [a, b] with f(a) f(b) ≤ 0; null when not converged. */
    static Double brent(java.util.function.DoubleUnaryOperator f, double a, double b, int maxIter) {
        double fa = f.applyAsDouble(a), fb = f.applyAsDouble(b);
        if (fa == 0) return a;
        if (fb == 0) return b;
        if (fa * fb > 0) return null;
        double c = a, fc = fa, d = b - a, e = d;
        for (int it = 0; it < maxIter; it++) {
            if (fb * fc > 0) { c = a; fc = fa; d = b - a; e = d; }
            if (Math.abs(fc) < Math.abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
            double tol = 2e-12 + 4 * Math.ulp(1.0) * Math.abs(b);
            double mid = 0.5 * (c - b);
            if (Math.abs(mid) <= tol || fb == 0) return b;
            if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
                double s = fb / fa, p, q;
                if (a == c) {
                    p = 2 * mid * s;
                    q = 1 - s;
                } else {
                    double qq = fa / fc, r = fb / fc;
                    p = s * (2 * mid * qq * (qq - r) - (b - a) * (r - 1));
                    q = (qq - 1) * (r - 1) * (s - 1);
                }
                if (p > 0) q = -q; else p = -p;
                if (2 * p < Math.min(3 * mid * q - Math.abs(tol * q), Math.abs(e * q))) {
                    e = d;
                    d = p / q;
                } else {
                    d = mid;
                    e = d;
                }
            } else {
                d = mid;
                e = d;
            }
            a = b;
            fa = fb;
            b += Math.abs(d) > tol ? d : Math.copySign(tol, mid);
            fb = f.applyAsDouble(b);
        }
        return null;
    }
}
