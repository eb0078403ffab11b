package org.newton4j.optim;

import java.util.Random;

/** The test objectives: quadratics, Rosenbrock, logistic regression, a tiny tanh MLP (all by hand). */
final class Problems {
    private Problems() { }

    /** L = ½ (x − x*)ᵀ A (x − x*), A symmetric; ∇³L = 0. */
    static final class Quadratic implements HostProblem<Object> {
        final double[][] a;
        final double[] xStar;

        Quadratic(double[][] a, double[] xStar) {
            this.a = a;
            this.xStar = xStar;
        }

        /** A block-diagonal SPD quadratic: blocks of the given sizes, random SPD inside each block. */
        static Quadratic blockDiagonal(Random rnd, int... blocks) {
            int n = 0;
            for (int b : blocks) n += b;
            double[][] a = new double[n][n];
            int off = 0;
            for (int b : blocks) {
                double[][] m = new double[b][b];
                for (double[] row : m) for (int j = 0; j < b; j++) row[j] = rnd.nextGaussian();
                for (int i = 0; i < b; i++)
                    for (int j = 0; j < b; j++) {
                        double s = i == j ? 0.5 + rnd.nextDouble() : 0;
                        for (int k = 0; k < b; k++) s += m[i][k] * m[j][k] / b;
                        a[off + i][off + j] = s;
                    }
                off += b;
            }
            double[] xs = new double[n];
            for (int i = 0; i < n; i++) xs[i] = rnd.nextGaussian();
            return new Quadratic(a, xs);
        }

        @Override public int dimension() { return xStar.length; }

        @Override
        public double gradient(double[] x, Object batch, double[] g) {
            int n = xStar.length;
            double f = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i][j] * (x[j] - xStar[j]);
                g[i] = s;
                f += 0.5 * (x[i] - xStar[i]) * s;
            }
            return f;
        }

        @Override public boolean hasHessianVector() { return true; }

        @Override
        public void hessianVector(double[] x, Object batch, double[] v, double[] out) {
            for (int i = 0; i < v.length; i++) {
                double s = 0;
                for (int j = 0; j < v.length; j++) s += a[i][j] * v[j];
                out[i] = s;
            }
        }
    }

    /** Chained Rosenbrock Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1). */
    static final class Rosenbrock implements HostProblem<Object> {
        final int n;

        Rosenbrock(int n) { this.n = n; }

        @Override public int dimension() { return n; }

        @Override
        public double gradient(double[] x, Object batch, double[] g) {
            java.util.Arrays.fill(g, 0);
            double f = 0;
            for (int i = 0; i + 1 < n; i++) {
                double r = x[i + 1] - x[i] * x[i], s = 1 - x[i];
                f += 100 * r * r + s * s;
                g[i] += -400 * r * x[i] - 2 * s;
                g[i + 1] += 200 * r;
            }
            return f;
        }

        @Override public boolean hasHessianVector() { return true; }

        @Override
        public void hessianVector(double[] x, Object batch, double[] v, double[] out) {
            java.util.Arrays.fill(out, 0);
            for (int i = 0; i + 1 < n; i++) {
                double r = x[i + 1] - x[i] * x[i];
                double hii = -400 * r + 800 * x[i] * x[i] + 2, hij = -400 * x[i], hjj = 200;
                out[i] += hii * v[i] + hij * v[i + 1];
                out[i + 1] += hij * v[i] + hjj * v[i + 1];
            }
        }
    }

    /**
     * Logistic regression with a small ridge: L(w, b) = mean_k log(1 + exp(−y_k (x_kᵀw + b))) + (ridge/2)‖w‖²,
     * labels ±1; parameters [w (d), b (1)]. Batches are index arrays (null = all samples).
     */
    static final class Logistic implements HostProblem<int[]> {
        final double[][] x;
        final double[] y;
        final double ridge;

        Logistic(Random rnd, int samples, int d, double ridge) {
            x = new double[samples][d];
            y = new double[samples];
            double[] w = new double[d];
            for (int j = 0; j < d; j++) w[j] = rnd.nextGaussian();
            for (int k = 0; k < samples; k++) {
                double s = 0.3;
                for (int j = 0; j < d; j++) s += (x[k][j] = rnd.nextGaussian()) * w[j];
                y[k] = rnd.nextDouble() < 1 / (1 + Math.exp(-s)) ? 1 : -1;
            }
            this.ridge = ridge;
        }

        int d() { return x[0].length; }

        @Override public int dimension() { return d() + 1; }

        private int[] all() {
            int[] a = new int[y.length];
            for (int i = 0; i < a.length; i++) a[i] = i;
            return a;
        }

        @Override
        public double gradient(double[] p, int[] batch, double[] g) {
            int[] idx = batch == null ? all() : batch;
            int d = d();
            java.util.Arrays.fill(g, 0);
            double f = 0;
            for (int k : idx) {
                double m = p[d];
                for (int j = 0; j < d; j++) m += x[k][j] * p[j];
                double t = y[k] * m;
                f += t > 0 ? Math.log1p(Math.exp(-t)) : -t + Math.log1p(Math.exp(t));
                double c = -y[k] / (1 + Math.exp(t)) / idx.length;
                for (int j = 0; j < d; j++) g[j] += c * x[k][j];
                g[d] += c;
            }
            f /= idx.length;
            for (int j = 0; j < d; j++) {
                f += 0.5 * ridge * p[j] * p[j];
                g[j] += ridge * p[j];
            }
            return f;
        }

        @Override public boolean hasHessianVector() { return true; }

        @Override
        public void hessianVector(double[] p, int[] batch, double[] v, double[] out) {
            int[] idx = batch == null ? all() : batch;
            int d = d();
            java.util.Arrays.fill(out, 0);
            for (int k : idx) {
                double m = p[d], xv = v[d];
                for (int j = 0; j < d; j++) {
                    m += x[k][j] * p[j];
                    xv += x[k][j] * v[j];
                }
                double s = 1 / (1 + Math.exp(-m));
                double c = s * (1 - s) * xv / idx.length;
                for (int j = 0; j < d; j++) out[j] += c * x[k][j];
                out[d] += c;
            }
            for (int j = 0; j < d; j++) out[j] += ridge * v[j];
        }

        /** The full-batch minimiser by Newton's method (the known optimum). */
        double[] optimum() {
            int n = dimension();
            double[] p = new double[n];
            for (int it = 0; it < 50; it++) {
                double[] g = new double[n];
                gradient(p, null, g);
                double[][] h = new double[n][n];
                for (int j = 0; j < n; j++) {
                    double[] e = new double[n];
                    e[j] = 1;
                    double[] col = new double[n];
                    hessianVector(p, null, e, col);
                    for (int i = 0; i < n; i++) h[i][j] = col[i];
                }
                double[] step = SmallDense.solve(h, g);
                for (int i = 0; i < n; i++) p[i] -= step[i];
            }
            return p;
        }
    }

    /**
     * A 1-hidden-layer tanh network y = W2 tanh(W1 x + b1) + b2 with least-squares loss
     * L = (1/2N) Σ ‖y − t‖², targets from a teacher of the same shape (so min L = 0). Parameters in
     * the order fc1.weight (h×in), fc1.bias (h), fc2.weight (out×h), fc2.bias (out). Gradient by
     * back-propagation and HVP by Pearlmutter's R-operator, both by hand.
     */
    static final class Mlp implements HostProblem<int[]> {
        final int in, hidden, out;
        final double[][] x, t;

        Mlp(Random rnd, int samples, int in, int hidden, int out) {
            this.in = in;
            this.hidden = hidden;
            this.out = out;
            double[] teacher = initial(rnd, 1.0);
            x = new double[samples][in];
            t = new double[samples][];
            for (int k = 0; k < samples; k++) {
                for (int j = 0; j < in; j++) x[k][j] = rnd.nextGaussian();
                t[k] = forward(teacher, x[k], new double[hidden]);
            }
        }

        double[] initial(Random rnd, double scale) {
            double[] p = new double[dimension()];
            for (int i = 0; i < p.length; i++) p[i] = scale * rnd.nextGaussian() / Math.sqrt(Math.max(in, hidden));
            return p;
        }

        String[] names() { return new String[] {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"}; }

        int[][] shapes() { return new int[][] {{hidden, in}, {hidden}, {out, hidden}, {out}}; }

        @Override public int dimension() { return hidden * in + hidden + out * hidden + out; }

        private int b1() { return hidden * in; }
        private int w2() { return b1() + hidden; }
        private int b2() { return w2() + out * hidden; }

        double[] forward(double[] p, double[] xk, double[] z) {
            for (int i = 0; i < hidden; i++) {
                double a = p[b1() + i];
                for (int j = 0; j < in; j++) a += p[i * in + j] * xk[j];
                z[i] = Math.tanh(a);
            }
            double[] y = new double[out];
            for (int o = 0; o < out; o++) {
                double s = p[b2() + o];
                for (int i = 0; i < hidden; i++) s += p[w2() + o * hidden + i] * z[i];
                y[o] = s;
            }
            return y;
        }

        private int[] all() {
            int[] a = new int[x.length];
            for (int i = 0; i < a.length; i++) a[i] = i;
            return a;
        }

        @Override
        public double gradient(double[] p, int[] batch, double[] g) {
            int[] idx = batch == null ? all() : batch;
            java.util.Arrays.fill(g, 0);
            double f = 0, invN = 1.0 / idx.length;
            double[] z = new double[hidden];
            for (int k : idx) {
                double[] y = forward(p, x[k], z);
                double[] dy = new double[out];
                for (int o = 0; o < out; o++) {
                    double e = y[o] - t[k][o];
                    f += 0.5 * e * e * invN;
                    dy[o] = e * invN;
                    g[b2() + o] += dy[o];
                    for (int i = 0; i < hidden; i++) g[w2() + o * hidden + i] += dy[o] * z[i];
                }
                for (int i = 0; i < hidden; i++) {
                    double dz = 0;
                    for (int o = 0; o < out; o++) dz += p[w2() + o * hidden + i] * dy[o];
                    double da = dz * (1 - z[i] * z[i]);
                    g[b1() + i] += da;
                    for (int j = 0; j < in; j++) g[i * in + j] += da * x[k][j];
                }
            }
            return f;
        }

        @Override public boolean hasHessianVector() { return true; }

        @Override
        public void hessianVector(double[] p, int[] batch, double[] v, double[] res) {
            int[] idx = batch == null ? all() : batch;
            java.util.Arrays.fill(res, 0);
            double invN = 1.0 / idx.length;
            double[] z = new double[hidden], rz = new double[hidden];
            for (int k : idx) {
                double[] y = forward(p, x[k], z);
                for (int i = 0; i < hidden; i++) {
                    double ra = v[b1() + i];
                    for (int j = 0; j < in; j++) ra += v[i * in + j] * x[k][j];
                    rz[i] = (1 - z[i] * z[i]) * ra;
                }
                double[] dy = new double[out], rdy = new double[out];
                for (int o = 0; o < out; o++) {
                    double ry = v[b2() + o];
                    for (int i = 0; i < hidden; i++) ry += v[w2() + o * hidden + i] * z[i] + p[w2() + o * hidden + i] * rz[i];
                    dy[o] = (y[o] - t[k][o]) * invN;
                    rdy[o] = ry * invN;
                    res[b2() + o] += rdy[o];
                    for (int i = 0; i < hidden; i++) res[w2() + o * hidden + i] += rdy[o] * z[i] + dy[o] * rz[i];
                }
                for (int i = 0; i < hidden; i++) {
                    double dz = 0, rdz = 0;
                    for (int o = 0; o < out; o++) {
                        dz += p[w2() + o * hidden + i] * dy[o];
                        rdz += v[w2() + o * hidden + i] * dy[o] + p[w2() + o * hidden + i] * rdy[o];
                    }
                    double s = 1 - z[i] * z[i];
                    double rda = rdz * s - 2 * dz * z[i] * rz[i];
                    res[b1() + i] += rda;
                    for (int j = 0; j < in; j++) res[i * in + j] += rda * x[k][j];
                }
            }
        }
    }
}
