package org.newton4j.linalg;

import java.util.Random;

/** Test matrices with known spectra: A = Q diag(λ) Qᵀ with a random orthogonal Q. */
public final class SymmetricMatrices {
    private SymmetricMatrices() { }

    /** A random orthogonal m×m matrix (Gram-Schmidt on Gaussian columns), row-major. */
    public static double[] orthogonal(int m, Random rnd) {
        double[] q = new double[m * m];
        for (int i = 0; i < m * m; i++) q[i] = rnd.nextGaussian();
        for (int c = 0; c < m; c++) {
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += q[i * m + c] * q[i * m + p];
                for (int i = 0; i < m; i++) q[i * m + c] -= dot * q[i * m + p];
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += q[i * m + c] * q[i * m + c];
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) q[i * m + c] /= norm;
        }
        return q;
    }

    /** Q diag(eigenvalues) Qᵀ, exactly symmetric. */
    public static double[] withSpectrum(double[] eigenvalues, Random rnd) {
        int m = eigenvalues.length;
        double[] q = orthogonal(m, rnd), a = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < m; k++) s += q[i * m + k] * eigenvalues[k] * q[j * m + k];
                a[i * m + j] = s;
                a[j * m + i] = s;
            }
        return a;
    }

    /** Eigenvalues spread log-uniformly in [1, cond] (so the condition number is cond). */
    public static double[] spdSpectrum(int m, double cond, Random rnd) {
        double[] e = new double[m];
        for (int i = 0; i < m; i++) e[i] = m == 1 ? 1 : Math.pow(cond, (double) i / (m - 1));
        shuffle(e, rnd);
        return e;
    }

    /** Half the eigenvalues negative, all of magnitude in [1, 10]. */
    public static double[] indefiniteSpectrum(int m, Random rnd) {
        double[] e = new double[m];
        for (int i = 0; i < m; i++) e[i] = (1 + 9 * rnd.nextDouble()) * (i % 2 == 0 ? -1 : 1);
        shuffle(e, rnd);
        return e;
    }

    private static void shuffle(double[] e, Random rnd) {
        for (int i = e.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double t = e[i]; e[i] = e[j]; e[j] = t;
        }
    }

    /** y = (A + λI) x for one m×m matrix at offset. */
    public static void multiply(double[] a, int aOff, int m, double lambda, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < m; i++) {
            double s = lambda * x[xOff + i];
            for (int j = 0; j < m; j++) s += a[aOff + i * m + j] * x[xOff + j];
            y[yOff + i] = s;
        }
    }

    public static double relativeError(double[] expected, int eOff, double[] actual, int aOff, int n) {
        double d = 0, s = 0;
        for (int i = 0; i < n; i++) {
            double diff = actual[aOff + i] - expected[eOff + i];
            d += diff * diff;
            s += expected[eOff + i] * expected[eOff + i];
        }
        return Math.sqrt(d / Math.max(s, 1e-300));
    }

    /** A batch of B matrices with the given spectra generator, plus x_true and r = (A+λI) x_true. */
    public static Problem problem(int batch, int m, double lambda, Random rnd, java.util.function.Function<Random, double[]> spectrum) {
        double[] a = new double[batch * m * m], x = new double[batch * m], r = new double[batch * m];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(withSpectrum(spectrum.apply(rnd), rnd), 0, a, b * m * m, m * m);
            for (int i = 0; i < m; i++) x[b * m + i] = rnd.nextGaussian();
            multiply(a, b * m * m, m, lambda, x, b * m, r, b * m);
        }
        return new Problem(a, x, r, batch, m, lambda);
    }

    public record Problem(double[] a, double[] x, double[] r, int batch, int m, double lambda) { }
}
