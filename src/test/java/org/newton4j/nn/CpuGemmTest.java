package org.newton4j.nn;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuGemmTest {
    /** All four transposition cases, sizes around the blocking edges, with offsets, alpha and beta. */
    @ParameterizedTest
    @CsvSource({"false,false,5,7,3", "true,false,17,300,130", "false,true,33,257,129", "true,true,9,11,260",
                "false,false,70,513,40", "false,false,1,1,1"})
    void matchesNaiveProduct(boolean ta, boolean tb, int m, int n, int k) {
        SplittableRandom rng = new SplittableRandom(m * 31L + n * 7L + k);
        int lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 1, ldc = n + 3, off = 5;
        double[] a = GradientCheck.random(rng, off + (ta ? k : m) * lda);
        double[] b = GradientCheck.random(rng, off + (tb ? n : k) * ldb);
        double[] c0 = GradientCheck.random(rng, off + m * ldc);
        for (boolean parallel : new boolean[] {false, true}) {
            double[] c = c0.clone(), expected = c0.clone();
            double alpha = 0.75, beta = -0.5;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++)
                        s += (ta ? a[off + p * lda + i] : a[off + i * lda + p]) * (tb ? b[off + j * ldb + p] : b[off + p * ldb + j]);
                    expected[off + i * ldc + j] = alpha * s + beta * c0[off + i * ldc + j];
                }
            if (parallel) CpuGemm.parallel(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, c, off, ldc);
            else CpuGemm.serial(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, c, off, ldc);
            GradientCheck.assertClose("gemm " + (parallel ? "parallel" : "serial"), expected, c, 1e-13);
        }
    }
}
