package org.newton4j.path;

import java.util.Arrays;

/**
 * One map of the relaxed Bellman-Ford on the CPU: the forward pass, the reverse-mode gradient, and
 * the reverse pass differentiated in forward mode along a direction (one Hessian column, or an
 * HVP). Everything is computed in float64; a float32 caller rounds what it stores.
 *
 * <p>Unreachable cells (the INF of DESIGN §5) are tracked structurally: after t relaxations exactly
 * the cells within Chebyshev distance t of the source hold finite distances, every other neighbour
 * gets softmin weight exactly 0 (AlgoVision's exp(−β·1e12) underflow, without the 1e12 that would
 * wipe out float32). Softmin weights are computed relative to the minimum.
 *
 * <p>Not thread-safe: one instance per thread (it keeps its workspaces between samples).
 */
final class RelaxedBellmanFordSample {
    private final GridGraph grid;
    private final int n, iterations;
    private final double beta;
    private final TConorm tconorm;
    private final Loop loop;
    private final PathLoss loss;

    // ---- primal (forward) ----
    private final double[] d;        // iterations × n: d^0 .. d^{T−1}
    private final double[] w;        // iterations × n × 8: the weights of relaxation t = 1..T (row t−1)
    private final double[] means;    // iterations × n: Σ_k w d^{t−1} of relaxation t (row t), shared by every direction
    private double[] parts = new double[0];   // K × n × 5: the t-conorm partials of traceback step k (row k−1)
    private double[] path, pos;      // (K+1) × n traceback states
    private double[] q, prob;        // While: q_k and P_k (k = 0..K)
    private int steps;               // K: traceback steps taken
    private final double[] out;      // the relaxed path

    // ---- adjoints ----
    private final double[] g;        // dLoss/dout
    private double[] pathBar, posBar;
    private final double[] wBar;     // n × 8: adjoint of the last weights
    private final double[] dBar;     // iterations × n
    private double[] probBar, qBar;
    private final double[] gradient;

    // ---- tangents ----
    private final double[] dDot, wDot, wBarDot, dBarDot, gDot, outDot;
    private double[] pathDot, posDot, pathBarDot, posBarDot, qDot, probDot, probBarDot, alphaBarDot;
    private final double[] partial = new double[5];

    private double[] currentTruth;
    private double lossValue;

    RelaxedBellmanFordSample(GridGraph grid, int iterations, double beta, TConorm tconorm, Loop loop, PathLoss loss) {
        this.grid = grid;
        this.n = grid.cells();
        this.iterations = iterations;
        this.beta = beta;
        this.tconorm = tconorm;
        this.loop = loop;
        this.loss = loss;
        d = new double[iterations * n];
        w = new double[iterations * n * 8];
        means = new double[iterations * n];
        out = new double[n];
        g = new double[n];
        wBar = new double[n * 8];
        dBar = new double[iterations * n];
        gradient = new double[n];
        dDot = new double[iterations * n];
        wDot = new double[n * 8];
        wBarDot = new double[n * 8];
        dBarDot = new double[iterations * n];
        gDot = new double[n];
        outDot = new double[n];
        ensureSteps(loop == Loop.FOR ? iterations : 64);
    }

    private void ensureSteps(int k) {
        int need = (k + 1) * n;
        if (path != null && path.length >= need) return;
        int cap = Math.max(need, path == null ? 0 : 2 * path.length);
        path = grow(path, cap); pos = grow(pos, cap);
        pathBar = grow(pathBar, cap); posBar = grow(posBar, cap);
        pathDot = grow(pathDot, cap); posDot = grow(posDot, cap);
        pathBarDot = grow(pathBarDot, cap); posBarDot = grow(posBarDot, cap);
        int s = cap / n;
        q = grow(q, s); prob = grow(prob, s); qDot = grow(qDot, s); probDot = grow(probDot, s);
        probBar = grow(probBar, s); qBar = grow(qBar, s); probBarDot = grow(probBarDot, s); alphaBarDot = grow(alphaBarDot, s);
    }

    private static double[] grow(double[] a, int length) {
        return a == null ? new double[length] : Arrays.copyOf(a, length);
    }

    double[] path() { return out; }
    double loss() { return lossValue; }
    double[] gradient() { return gradient; }

    /** Whether neighbour slot k of v is a finite distance at relaxation t (it holds d^{t−1}). */
    private int source(int v, int k, int t) {
        int u = grid.neighbour(v, k);
        return u >= 0 && grid.reachedAfter(u) <= t - 1 ? u : -1;
    }

    // =====================================================================================
    // forward
    // =====================================================================================

    /** Runs the relaxation, the traceback and the loss for costs c[off .. off+n) and truth t[off ..). */
    void forward(double[] c, int cOff, double[] t, int tOff) {
        currentTruth = t;
        truthOffset = tOff;
        Arrays.fill(d, 0, n, 0.0);     // d^0: only the source (0) is finite
        for (int it = 1; it <= iterations; it++) {
            int prev = (it - 1) * n, wRow = (it - 1) * n * 8;
            for (int v = 0; v < n; v++) {
                int wb = wRow + v * 8;
                double m = Double.POSITIVE_INFINITY;
                for (int k = 0; k < 8; k++) {
                    int u = source(v, k, it);
                    if (u >= 0) m = Math.min(m, d[prev + u]);
                }
                if (m == Double.POSITIVE_INFINITY) {  // unreached (or the source before anything is reached)
                    for (int k = 0; k < 8; k++) w[wb + k] = 0;
                    if (it < iterations) { d[it * n + v] = 0; means[it * n + v] = 0; }
                    continue;
                }
                double z = 0;
                for (int k = 0; k < 8; k++) {
                    int u = source(v, k, it);
                    double e = u >= 0 ? Math.exp(-beta * (d[prev + u] - m)) : 0;
                    w[wb + k] = e;
                    z += e;
                }
                double mean = 0;
                for (int k = 0; k < 8; k++) {
                    w[wb + k] /= z;
                    int u = grid.neighbour(v, k);
                    if (w[wb + k] != 0) mean += w[wb + k] * d[prev + u];
                }
                if (it < iterations) { d[it * n + v] = mean + c[cOff + v]; means[it * n + v] = mean; }
            }
            if (it < iterations) d[it * n] = 0;   // the source is reset every iteration
        }
        traceback();
        lossValue = 0;
        for (int v = 0; v < n; v++) lossValue += loss.value(out[v], t[tOff + v]);
        lossValue /= n;
    }

    private int truthOffset;

    private void traceback() {
        int wRow = (iterations - 1) * n * 8;
        Arrays.fill(path, 0, n, 0.0);
        Arrays.fill(pos, 0, n, 0.0);
        pos[grid.target()] = 1;
        if (loop == Loop.FOR) {
            for (int k = 1; k <= iterations; k++) step(k, wRow);
            steps = iterations;
            System.arraycopy(path, iterations * n, out, 0, n);
            return;
        }
        q[0] = sigmoid(beta * (1 - path[0]));
        prob[0] = q[0];
        int k = 0;
        while (prob[k] > Loop.WHILE_EPSILON && k < Loop.MAX_WHILE_ITERATIONS) {
            k++;
            ensureSteps(k);
            step(k, wRow);
            q[k] = sigmoid(beta * (1 - path[k * n]));
            prob[k] = prob[k - 1] * q[k];
        }
        steps = k;
        Arrays.fill(out, 0.0);
        for (int s = 0; s <= k; s++) {
            double a = alpha(s);
            for (int v = 0; v < n; v++) out[v] += a * path[s * n + v];
        }
    }

    /** The weight of state s in the While's accumulator: P_{s−1} − P_s, plus P_K for the last. */
    private double alpha(int s) {
        double a = (s == 0 ? 1 : prob[s - 1]) - prob[s];
        return s == steps ? a + prob[s] : a;
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** Traceback step k: path^k = ⊕(path^{k−1}, pos^{k−1}); pos^k = Wᵀ pos^{k−1}. */
    private void step(int k, int wRow) {
        int a = (k - 1) * n, b = k * n;
        Arrays.fill(pos, b, b + n, 0.0);
        for (int v = 0; v < n; v++) {
            path[b + v] = tconorm.apply(path[a + v], pos[a + v]);
            double pv = pos[a + v];
            if (pv == 0) continue;
            for (int kk = 0; kk < 8; kk++) {
                double wk = w[wRow + v * 8 + kk];
                if (wk != 0) pos[b + grid.neighbour(v, kk)] += pv * wk;
            }
        }
    }

    // =====================================================================================
    // reverse: the gradient (and every adjoint the Hessian's tangent pass needs)
    // =====================================================================================

    void reverse() {
        double[] t = currentTruth;
        for (int v = 0; v < n; v++) g[v] = loss.derivative(out[v], t[truthOffset + v]) / n;
        int K = steps;
        Arrays.fill(pathBar, 0, (K + 1) * n, 0.0);
        Arrays.fill(posBar, 0, (K + 1) * n, 0.0);
        if (loop == Loop.FOR) {
            System.arraycopy(g, 0, pathBar, K * n, n);
        } else {
            Arrays.fill(probBar, 0, K + 1, 0.0);
            for (int s = 0; s <= K; s++) {
                double ab = 0;
                for (int v = 0; v < n; v++) ab += g[v] * path[s * n + v];
                addAlphaAdjoint(probBar, s, ab);
                double a = alpha(s);
                for (int v = 0; v < n; v++) pathBar[s * n + v] = a * g[v];
            }
            for (int s = K; s >= 1; s--) {
                qBar[s] = probBar[s] * prob[s - 1];
                probBar[s - 1] += probBar[s] * q[s];
            }
            qBar[0] = probBar[0];
            for (int s = 0; s <= K; s++) pathBar[s * n] += -beta * q[s] * (1 - q[s]) * qBar[s];
        }
        int wRow = (iterations - 1) * n * 8;
        Arrays.fill(wBar, 0.0);
        if (parts.length < K * n * 5) parts = new double[K * n * 5];
        for (int k = K; k >= 1; k--) {
            int a = (k - 1) * n, b = k * n;
            for (int v = 0; v < n; v++) {
                tconorm.partials(path[a + v], pos[a + v], partial);
                System.arraycopy(partial, 0, parts, (a + v) * 5, 5);
                pathBar[a + v] += partial[0] * pathBar[b + v];
                double pb = partial[1] * pathBar[b + v];
                for (int kk = 0; kk < 8; kk++) {
                    double wk = w[wRow + v * 8 + kk];
                    if (wk == 0) continue;
                    int u = grid.neighbour(v, kk);
                    pb += wk * posBar[b + u];
                    wBar[v * 8 + kk] += pos[a + v] * posBar[b + u];
                }
                posBar[a + v] = pb;
            }
        }
        // the last relaxation's softmax: adjoint of d^{T−1}
        Arrays.fill(dBar, 0.0);
        Arrays.fill(gradient, 0.0);
        int last = (iterations - 1) * n;
        for (int v = 0; v < n; v++) {
            double sigma = 0;
            for (int kk = 0; kk < 8; kk++) sigma += wBar[v * 8 + kk] * w[wRow + v * 8 + kk];
            for (int kk = 0; kk < 8; kk++) {
                double wk = w[wRow + v * 8 + kk];
                if (wk != 0) dBar[last + grid.neighbour(v, kk)] += -beta * wk * (wBar[v * 8 + kk] - sigma);
            }
        }
        for (int it = iterations - 1; it >= 1; it--) {
            int cur = it * n, prev = (it - 1) * n, row = (it - 1) * n * 8;
            dBar[cur] = 0;   // the source was reset after relaxation it
            for (int v = 0; v < n; v++) {
                double db = dBar[cur + v];
                gradient[v] += db;
                if (db == 0) continue;
                double mean = means[cur + v];
                for (int kk = 0; kk < 8; kk++) {
                    double wk = w[row + v * 8 + kk];
                    if (wk == 0) continue;
                    int u = grid.neighbour(v, kk);
                    dBar[prev + u] += db * wk * (1 - beta * (d[prev + u] - mean));
                }
            }
        }
    }


    /** Adds ᾱ_s to the adjoints of the P_k that α_s is made of. */
    private void addAlphaAdjoint(double[] pBar, int s, double ab) {
        if (s >= 1) pBar[s - 1] += ab;
        pBar[s] -= ab;
        if (s == steps) pBar[s] += ab;
    }

    // =====================================================================================
    // forward-over-reverse: the derivative of the gradient along a direction (H·dir)
    // =====================================================================================

    /** Writes H·dir (dir[dOff .. dOff+n)) into res[rOff ..). Needs forward() and reverse() first. */
    void hessianTimes(double[] dir, int dOff, double[] res, int rOff) {
        int K = steps;
        // ---- tangent of the relaxation ----
        Arrays.fill(dDot, 0, n, 0.0);
        for (int it = 1; it < iterations; it++) {
            int cur = it * n, prev = (it - 1) * n, row = (it - 1) * n * 8;
            for (int v = 0; v < n; v++) {
                if (v == 0) { dDot[cur] = 0; continue; }
                double mean = means[cur + v], s = 0;
                boolean any = false;
                for (int kk = 0; kk < 8; kk++) {
                    double wk = w[row + v * 8 + kk];
                    if (wk == 0) continue;
                    any = true;
                    int u = grid.neighbour(v, kk);
                    s += wk * dDot[prev + u] * (1 - beta * (d[prev + u] - mean));
                }
                dDot[cur + v] = any ? s + dir[dOff + v] : 0;
            }
        }
        // ---- tangent of the last weights ----
        int wRow = (iterations - 1) * n * 8, last = (iterations - 1) * n;
        for (int v = 0; v < n; v++) {
            double om = 0;
            for (int kk = 0; kk < 8; kk++) {
                double wk = w[wRow + v * 8 + kk];
                if (wk != 0) om += wk * dDot[last + grid.neighbour(v, kk)];
            }
            for (int kk = 0; kk < 8; kk++) {
                double wk = w[wRow + v * 8 + kk];
                wDot[v * 8 + kk] = wk == 0 ? 0 : -beta * wk * (dDot[last + grid.neighbour(v, kk)] - om);
            }
        }
        // ---- tangent of the traceback ----
        Arrays.fill(pathDot, 0, n, 0.0);
        Arrays.fill(posDot, 0, n, 0.0);
        for (int k = 1; k <= K; k++) {
            int a = (k - 1) * n, b = k * n;
            Arrays.fill(posDot, b, b + n, 0.0);
            for (int v = 0; v < n; v++) {
                int pp = (a + v) * 5;
                pathDot[b + v] = parts[pp] * pathDot[a + v] + parts[pp + 1] * posDot[a + v];
                for (int kk = 0; kk < 8; kk++) {
                    double wk = w[wRow + v * 8 + kk];
                    if (wk == 0) continue;
                    posDot[b + grid.neighbour(v, kk)] += wDot[v * 8 + kk] * pos[a + v] + wk * posDot[a + v];
                }
            }
        }
        if (loop == Loop.FOR) {
            System.arraycopy(pathDot, K * n, outDot, 0, n);
        } else {
            for (int s = 0; s <= K; s++) qDot[s] = -beta * q[s] * (1 - q[s]) * pathDot[s * n];
            probDot[0] = qDot[0];
            for (int s = 1; s <= K; s++) probDot[s] = probDot[s - 1] * q[s] + prob[s - 1] * qDot[s];
            Arrays.fill(outDot, 0.0);
            for (int s = 0; s <= K; s++) {
                double a = alpha(s), ad = alphaDot(s);
                for (int v = 0; v < n; v++) outDot[v] += ad * path[s * n + v] + a * pathDot[s * n + v];
            }
        }
        double l2 = loss.secondDerivative() / n;
        for (int v = 0; v < n; v++) gDot[v] = l2 * outDot[v];

        // ---- tangent of the reverse pass ----
        Arrays.fill(pathBarDot, 0, (K + 1) * n, 0.0);
        Arrays.fill(posBarDot, 0, (K + 1) * n, 0.0);
        if (loop == Loop.FOR) {
            System.arraycopy(gDot, 0, pathBarDot, K * n, n);
        } else {
            Arrays.fill(probBarDot, 0, K + 1, 0.0);
            for (int s = 0; s <= K; s++) {
                double abd = 0;
                for (int v = 0; v < n; v++) abd += gDot[v] * path[s * n + v] + g[v] * pathDot[s * n + v];
                addAlphaAdjoint(probBarDot, s, abd);
                double a = alpha(s), ad = alphaDot(s);
                for (int v = 0; v < n; v++) pathBarDot[s * n + v] = ad * g[v] + a * gDot[v];
            }
            // the primal probBar after its backward sweep is final for each index when used
            for (int s = K; s >= 1; s--) {
                double qbd = probBarDot[s] * prob[s - 1] + probBar[s] * probDot[s - 1];
                alphaBarDot[s] = qbd;   // reused as the tangent of q̄_s
                probBarDot[s - 1] += probBarDot[s] * q[s] + probBar[s] * qDot[s];
            }
            alphaBarDot[0] = probBarDot[0];
            for (int s = 0; s <= K; s++) {
                double sig = q[s] * (1 - q[s]);
                pathBarDot[s * n] += -beta * ((1 - 2 * q[s]) * qDot[s] * qBar[s] + sig * alphaBarDot[s]);
            }
        }
        Arrays.fill(wBarDot, 0.0);
        for (int k = K; k >= 1; k--) {
            int a = (k - 1) * n, b = k * n;
            for (int v = 0; v < n; v++) {
                int pp = (a + v) * 5;
                double sa = parts[pp], sb = parts[pp + 1];
                double saDot = parts[pp + 2] * pathDot[a + v] + parts[pp + 3] * posDot[a + v];
                double sbDot = parts[pp + 3] * pathDot[a + v] + parts[pp + 4] * posDot[a + v];
                pathBarDot[a + v] += saDot * pathBar[b + v] + sa * pathBarDot[b + v];
                double pbd = sbDot * pathBar[b + v] + sb * pathBarDot[b + v];
                for (int kk = 0; kk < 8; kk++) {
                    double wk = w[wRow + v * 8 + kk];
                    if (wk == 0) continue;
                    int u = grid.neighbour(v, kk);
                    pbd += wDot[v * 8 + kk] * posBar[b + u] + wk * posBarDot[b + u];
                    wBarDot[v * 8 + kk] += posDot[a + v] * posBar[b + u] + pos[a + v] * posBarDot[b + u];
                }
                posBarDot[a + v] = pbd;
            }
        }
        Arrays.fill(dBarDot, 0.0);
        for (int v = 0; v < n; v++) res[rOff + v] = 0;
        for (int v = 0; v < n; v++) {
            double sigma = 0, sigmaDot = 0;
            for (int kk = 0; kk < 8; kk++) {
                double wk = w[wRow + v * 8 + kk];
                sigma += wBar[v * 8 + kk] * wk;
                sigmaDot += wBarDot[v * 8 + kk] * wk + wBar[v * 8 + kk] * wDot[v * 8 + kk];
            }
            for (int kk = 0; kk < 8; kk++) {
                double wk = w[wRow + v * 8 + kk];
                if (wk == 0) continue;
                dBarDot[last + grid.neighbour(v, kk)] += -beta * (wDot[v * 8 + kk] * (wBar[v * 8 + kk] - sigma)
                        + wk * (wBarDot[v * 8 + kk] - sigmaDot));
            }
        }
        for (int it = iterations - 1; it >= 1; it--) {
            int cur = it * n, prev = (it - 1) * n, row = (it - 1) * n * 8;
            dBarDot[cur] = 0;
            for (int v = 1; v < n; v++) {
                double db = dBar[cur + v], dbd = dBarDot[cur + v];
                res[rOff + v] += dbd;
                if (db == 0 && dbd == 0) continue;
                double mean = means[cur + v], om = 0, meanDot = 0;
                for (int kk = 0; kk < 8; kk++) {
                    double wk = w[row + v * 8 + kk];
                    if (wk == 0) continue;
                    int u = grid.neighbour(v, kk);
                    om += wk * dDot[prev + u];
                    meanDot += wk * dDot[prev + u] * (1 - beta * (d[prev + u] - mean));
                }
                for (int kk = 0; kk < 8; kk++) {
                    double wk = w[row + v * 8 + kk];
                    if (wk == 0) continue;
                    int u = grid.neighbour(v, kk);
                    double ad = dDot[prev + u], j = 1 - beta * (d[prev + u] - mean);
                    double wkDot = -beta * wk * (ad - om);
                    double jDot = wkDot * j - beta * wk * (ad - meanDot);
                    dBarDot[prev + u] += dbd * wk * j + db * jDot;
                }
            }
        }
    }

    private double alphaDot(int s) {
        double a = (s == 0 ? 0 : probDot[s - 1]) - probDot[s];
        return s == steps ? a + probDot[s] : a;
    }
}
