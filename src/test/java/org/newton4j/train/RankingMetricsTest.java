package org.newton4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {
    @Test
    void exactMatchAndElementwise() {
        // set 0 perfectly ordered (negative scores included), set 1 has two elements swapped
        double[] scores = {-3.5, 0.25, -0.0, 9, 1, 2, 3, 5, 4, 6};
        int[] ranks = {0, 2, 1, 4, 3, 0, 1, 2, 3, 4};
        RankingMetrics m = RankingMetrics.of(scores, ranks, 2, 5);
        assertEquals(0.5, m.exactMatch());
        assertEquals(0.8, m.elementwise(), 1e-15);
        RankingMetrics merged = m.merge(RankingMetrics.of(new double[] {1, 2}, new int[] {0, 1}, 1, 2));
        assertEquals(2.0 / 3, merged.exactMatch(), 1e-15);
        assertThrows(ArithmeticException.class, () -> RankingMetrics.of(new double[] {Double.NaN, 1}, new int[] {0, 1}, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.of(new double[3], new int[3], 2, 2));
    }
}
