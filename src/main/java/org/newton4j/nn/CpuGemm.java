package org.newton4j.nn;

import org.newton4j.device.cpu.CpuBackend;

/**
 * Row-major GEMM on heap arrays: {@code C = alpha·op(A)·op(B) + beta·C}, op = identity or transpose.
 *
 * <p>Blocked over K (KC) and N (NC). Each KC×NC panel of op(B) is packed into separate row arrays,
 * and each row of C is copied into a scratch row; the innermost loops then index every
 * array with the loop variable alone ({@code c0[j] += a·x0[j] + …}). That is the form HotSpot C2's
 * superword pass vectorises: with an invariant offset on each array ({@code c[cOff + j]},
 * {@code b[bOff + j]}) it cannot rule out that the two overlap and emits scalar code, about a
 * third of the speed (measured, JDK 17 on AVX-512). Four K steps per pass keep the C traffic at one
 * load and one store per four multiply-adds; wider blocks no longer vectorise.
 * Transposed operands are read in place (A) or transposed while packing (B), never copied whole.
 *
 * <p>{@link #parallel} splits the rows of C over the fork-join pool; {@link #serial} is for callers
 * that already run one GEMM per thread (convolution runs one per image). Results are deterministic:
 * the order of every sum depends on the shapes only.
 */
public final class CpuGemm {
    /** K-panel depth and N-panel width: a KC×NC panel of B (256 KiB) stays in L2 while rows of A stream. */
    private static final int KC = 128;
    private static final int NC = 256;
    /** Rows of C per parallel task. */
    private static final int MC = 16;
    /** Products below this many multiply-adds run on the calling thread. */
    private static final long PARALLEL_MIN_WORK = 64L * 64 * 64;

    /** Per-thread packing space, reused across calls so a GEMM per image allocates nothing. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final double[][] panel = new double[KC][NC];
        final double[] row = new double[NC];
    }

    private CpuGemm() { }

    /** Shape and operands of one call; offsets and leading dimensions describe the stored (untransposed) arrays. */
    public static void serial(boolean transA, boolean transB, int m, int n, int k, double alpha,
                              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                              double beta, double[] c, int cOff, int ldc) {
        run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, false);
    }

    public static void parallel(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                double beta, double[] c, int cOff, int ldc) {
        run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, true);
    }

    private static void run(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc, boolean parallel) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        if (m == 0 || n == 0) return;
        scale(m, n, beta, c, cOff, ldc);
        if (k == 0 || alpha == 0) return;
        Operand opA = new Operand(a, aOff, lda, transA);
        Operand opB = new Operand(b, bOff, ldb, transB);
        int blocks = (m + MC - 1) / MC;
        if (parallel && blocks > 1 && (long) m * n * k > PARALLEL_MIN_WORK && CpuBackend.parallelism() > 1) {
            CpuBackend.parallelFor(blocks, blk -> {
                int i0 = blk * MC;
                kernel(i0, Math.min(m, i0 + MC), n, k, alpha, opA, opB, c, cOff, ldc);
            });
        } else {
            kernel(0, m, n, k, alpha, opA, opB, c, cOff, ldc);
        }
    }

    /** A stored matrix read as op(X): element (r, s) of op(X). */
    private record Operand(double[] x, int off, int ld, boolean transposed) {
        double at(int r, int s) {
            return transposed ? x[off + s * ld + r] : x[off + r * ld + s];
        }
    }

    private static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        if (beta == 1) return;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0) java.util.Arrays.fill(c, row, row + n, 0.0);
            else for (int j = 0; j < n; j++) c[row + j] *= beta;
        }
    }

    /** Rows [i0, i1) of C += alpha·op(A)·op(B). */
    private static void kernel(int i0, int i1, int n, int k, double alpha, Operand a, Operand b,
                               double[] c, int cOff, int ldc) {
        Scratch s = SCRATCH.get();
        double[][] panel = s.panel;
        double[] row = s.row;
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nb = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kb = Math.min(KC, k - p0);
                pack(b, p0, kb, j0, nb, panel);
                for (int i = i0; i < i1; i++) {
                    int r = cOff + i * ldc + j0;
                    System.arraycopy(c, r, row, 0, nb);
                    int q = 0;
                    for (; q + 3 < kb; q += 4) {
                        int p = p0 + q;
                        double a0 = alpha * a.at(i, p), a1 = alpha * a.at(i, p + 1);
                        double a2 = alpha * a.at(i, p + 2), a3 = alpha * a.at(i, p + 3);
                        if (a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0) continue; // zero gradients below ReLU and max-pooling
                        fourSteps(row, panel[q], panel[q + 1], panel[q + 2], panel[q + 3], a0, a1, a2, a3, nb);
                    }
                    for (; q < kb; q++) axpy(row, panel[q], alpha * a.at(i, p0 + q), nb);
                    System.arraycopy(row, 0, c, r, nb);
                }
            }
        }
    }

    /** panel[q][j] = op(B)(p0 + q, j0 + j) for q < kb, j < nb. */
    private static void pack(Operand b, int p0, int kb, int j0, int nb, double[][] panel) {
        if (!b.transposed()) {
            for (int q = 0; q < kb; q++) System.arraycopy(b.x(), b.off() + (p0 + q) * b.ld() + j0, panel[q], 0, nb);
            return;
        }
        double[] x = b.x();
        int off = b.off(), ld = b.ld();
        for (int j = 0; j < nb; j++) {
            int src = off + (j0 + j) * ld + p0; // row j0 + j of the stored B holds column j0 + j of op(B)
            for (int q = 0; q < kb; q++) panel[q][j] = x[src + q];
        }
    }

    // The loops below are written so that HotSpot C2 vectorises them wherever they are compiled:
    // one array stored, every array indexed by the loop variable alone. Two rows of C per loop, or
    // eight steps of K, ran at scalar speed when compiled on their own (measured, JDK 17).

    /** c += a0·x0 + a1·x1 + a2·x2 + a3·x3 over [0, nb). */
    private static void fourSteps(double[] c, double[] x0, double[] x1, double[] x2, double[] x3,
                                  double a0, double a1, double a2, double a3, int nb) {
        for (int j = 0; j < nb; j++) c[j] += a0 * x0[j] + a1 * x1[j] + a2 * x2[j] + a3 * x3[j];
    }

    /** c += a·x over [0, nb); skipped when a is zero. */
    private static void axpy(double[] c, double[] x, double a, int nb) {
        if (a == 0) return;
        for (int j = 0; j < nb; j++) c[j] += a * x[j];
    }
}
