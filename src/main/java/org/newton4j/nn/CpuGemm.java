package org.newton4j.nn;

import org.newton4j.device.cpu.CpuBackend;



/**
 * Row-major GEMM on heap arrays: {@code C = alpha·op(A)·op(B) + beta·C}, op = identity or transpose.
 * Transposed operands are packed once into row-major panels so one cache-blocked kernel does the
 * work; its innermost loop is a contiguous axpy the JIT vectorises. {@link #parallel} splits the rows
 * of C over the fork-join pool; {@link #serial} is for callers that already run one GEMM per thread
 * (convolution runs one per image).
 */
public final class CpuGemm {
    /** K-panel depth and N-panel width: a KC×NC panel of B (256 KiB) stays in L2 while rows of A stream. */
    private static final int KC = 128;
    private static final int NC = 256;
    /** Rows of C per parallel task. */
    private static final int MC = 16;

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
        // pack op(A) as m×k and op(B) as k×n row-major when transposed
        final double[] pa;
        final int paOff, plda;
        if (transA) {
            pa = transpose(a, aOff, lda, k, m);
            paOff = 0;
            plda = k;
        } else {
            pa = a;
            paOff = aOff;
            plda = lda;
        }
        final double[] pb;
        final int pbOff, pldb;
        if (transB) {
            pb = transpose(b, bOff, ldb, n, k);
            pbOff = 0;
            pldb = n;
        } else {
            pb = b;
            pbOff = bOff;
            pldb = ldb;
        }
        int blocks = (m + MC - 1) / MC;
        if (parallel && blocks > 1 && (long) m * n * k > 64L * 64 * 64
                && CpuBackend.parallelism() > 1) {
            CpuBackend.parallelFor(blocks, blk -> {
                int i0 = blk * MC;
                kernel(Math.min(MC, m - i0), n, k, alpha, pa, paOff + i0 * plda, plda, pb, pbOff, pldb, c, cOff + i0 * ldc, ldc);
            });
        } else {
            kernel(m, n, k, alpha, pa, paOff, plda, pb, pbOff, pldb, c, cOff, ldc);
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

    /** Returns the cols×rows row-major transpose of the rows×cols matrix stored at src. */
    private static double[] transpose(double[] src, int off, int ld, int rows, int cols) {
        double[] t = new double[rows * cols];
        final int tile = 32;
        for (int i0 = 0; i0 < rows; i0 += tile) {
            int i1 = Math.min(rows, i0 + tile);
            for (int j0 = 0; j0 < cols; j0 += tile) {
                int j1 = Math.min(cols, j0 + tile);
                for (int i = i0; i < i1; i++) {
                    int s = off + i * ld;
                    for (int j = j0; j < j1; j++) t[j * rows + i] = src[s + j];
                }
            }
        }
        return t;
    }

    /** C += alpha·A·B, all row-major and untransposed; blocked over k and n. */
    private static void kernel(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                               double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nb = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int p1 = Math.min(k, p0 + KC);
                int i = 0;
                for (; i + 3 < m; i += 4) {
                    int ar0 = aOff + i * lda, ar1 = ar0 + lda, ar2 = ar1 + lda, ar3 = ar2 + lda;
                    int cr0 = cOff + i * ldc + j0, cr1 = cr0 + ldc, cr2 = cr1 + ldc, cr3 = cr2 + ldc;
                    for (int p = p0; p < p1; p++) {
                        double a0 = alpha * a[ar0 + p], a1 = alpha * a[ar1 + p];
                        double a2 = alpha * a[ar2 + p], a3 = alpha * a[ar3 + p];
                        if (a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0) continue; // zero ReLU outputs and padding
                        int br = bOff + p * ldb + j0;
                        for (int j = 0; j < nb; j++) {
                            double bv = b[br + j];
                            c[cr0 + j] += a0 * bv;
                            c[cr1 + j] += a1 * bv;
                            c[cr2 + j] += a2 * bv;
                            c[cr3 + j] += a3 * bv;
                        }
                    }
                }
                for (; i < m; i++) {
                    int ar = aOff + i * lda;
                    int cr = cOff + i * ldc + j0;
                    for (int p = p0; p < p1; p++) {
                        double av = alpha * a[ar + p];
                        if (av == 0) continue;
                        int br = bOff + p * ldb + j0;
                        for (int j = 0; j < nb; j++) c[cr + j] += av * b[br + j];
                    }
                }
            }
        }
    }
}
