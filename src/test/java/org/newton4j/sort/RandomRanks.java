package org.newton4j.sort;

import java.util.Random;

/** Random ground truth for ranking tests and benchmarks: one Fisher–Yates permutation per sample (rank of each element). */
public final class RandomRanks {
    private RandomRanks() { }

    public static int[] of(Random rnd, int samples, int n) {
        int[] ranks = new int[samples * n];
        for (int s = 0; s < samples; s++) {
            for (int j = 0; j < n; j++) ranks[s * n + j] = j;
            for (int j = n - 1; j > 0; j--) {
                int k = rnd.nextInt(j + 1), t = ranks[s * n + j];
                ranks[s * n + j] = ranks[s * n + k];
                ranks[s * n + k] = t;
            }
        }
        return ranks;
    }
}
