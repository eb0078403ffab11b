package org.newton4j.train;

import org.newton4j.data.RankingBatch;

/**
 * The papers' ranking metrics over sets of scores: exact match (every rank of a set right) and
 * element-wise rank accuracy. Predicted ranks come from sorting the scores ascending.
 */
public record RankingMetrics(double exactMatch, double elementwise, int sets) {
    public static RankingMetrics of(double[] scores, int[] trueRanks, int sets, int n) {
        if (scores.length != sets * n || trueRanks.length != sets * n)
            throw new IllegalArgumentException("ranking metrics: need " + sets + "×" + n + " scores and ranks, got "
                    + scores.length + " and " + trueRanks.length);
        int exact = 0, elements = 0;
        for (int s = 0; s < sets; s++) {
            int[] predicted = RankingBatch.ranksOf(toOrderKeys(scores, s * n, n), 0, n);
            boolean all = true;
            for (int j = 0; j < n; j++) {
                if (predicted[j] == trueRanks[s * n + j]) elements++;
                else all = false;
            }
            if (all) exact++;
        }
        return new RankingMetrics((double) exact / sets, (double) elements / (sets * n), sets);
    }

    /** Scores as order-preserving longs, so ties break by index exactly as for the true ranks. */
    private static long[] toOrderKeys(double[] scores, int offset, int n) {
        long[] k = new long[n];
        for (int j = 0; j < n; j++) {
            double v = scores[offset + j];
            if (Double.isNaN(v)) throw new ArithmeticException("ranking metrics: NaN score (training diverged)");
            long bits = Double.doubleToLongBits(v == 0 ? 0.0 : v);
            k[j] = bits < 0 ? Long.MIN_VALUE - bits - 1 : bits;
        }
        return k;
    }

    /** Combines metrics of disjoint parts of a test set. */
    public RankingMetrics merge(RankingMetrics o) {
        int total = sets + o.sets;
        return new RankingMetrics((exactMatch * sets + o.exactMatch * o.sets) / total,
                (elementwise * sets + o.elementwise * o.sets) / total, total);
    }
}
