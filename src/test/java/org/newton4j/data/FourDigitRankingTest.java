package org.newton4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class FourDigitRankingTest {
    private static final int H = 3, W = 2;

    /** Inverts the normalisation of one pixel back to its byte value. */
    private static int byteAt(RankingBatch b, int element, int row, int col) {
        double v = b.images()[element * b.elementSize() + row * b.width() + col];
        return (int) Math.round((v * FourDigitRanking.STD + FourDigitRanking.MEAN) * 255);
    }

    @Test
    void composesFourDigitsLeftToRightWithTrueRanks() {
        LabelledImages pool = SyntheticDigits.pool(3, H, W, 0);
        RankingBatch b = new FourDigitRanking(pool).sample(new SplittableRandom(1), 4, 5);
        assertArrayEquals(new int[] {20, 1, H, 4 * W}, b.imageShape());
        for (int s = 0; s < b.sets(); s++) {
            Set<Long> distinct = new HashSet<>();
            for (int j = 0; j < b.n(); j++) {
                int e = s * b.n() + j;
                long value = b.values()[e];
                assertTrue(distinct.add(value), "numbers in a set are distinct");
                int rank = 0;
                for (int l = 0; l < b.n(); l++) if (b.values()[s * b.n() + l] < value) rank++;
                assertEquals(rank, b.ranks()[e], "rank of element " + e);
                for (int d = 0; d < 4; d++) {
                    int digit = (int) (value / (long) Math.pow(10, 3 - d)) % 10;
                    int px = byteAt(b, e, H - 1, d * W + W - 1);
                    assertEquals(digit, (px % 100) / 10, "digit " + d + " of " + value + " shows its class");
                    assertEquals(px, byteAt(b, e, 0, d * W), "a digit tile is one pool image");
                }
            }
        }
    }

    @Test
    void trainAndTestNumbersUseDisjointDigitImages() {
        // the test pool's bytes are >= 100, the training pool's < 100
        RankingBatch train = new FourDigitRanking(SyntheticDigits.pool(3, H, W, 0)).sample(new SplittableRandom(2), 6, 5);
        RankingBatch test = new FourDigitRanking(SyntheticDigits.pool(3, H, W, 120)).sample(new SplittableRandom(2), 6, 5);
        for (int e = 0; e < 30; e++)
            for (int c = 0; c < 4 * W; c++) {
                assertTrue(byteAt(train, e, 0, c) < 100);
                assertTrue(byteAt(test, e, 0, c) >= 120);
            }
    }

    @Test
    void sameSeedSameSets() {
        FourDigitRanking src = new FourDigitRanking(SyntheticDigits.pool(2, H, W, 0));
        RankingBatch a = src.sample(new SplittableRandom(7), 3, 4), b = src.sample(new SplittableRandom(7), 3, 4);
        assertArrayEquals(a.values(), b.values());
        assertArrayEquals(a.images(), b.images());
        assertThrows(IllegalArgumentException.class, () -> src.sample(new SplittableRandom(1), 2, 1));
        assertThrows(IllegalArgumentException.class, () -> src.sample(new SplittableRandom(1), 0, 5));
    }

    @Test
    void rejectsPoolsMissingADigit() {
        LabelledImages nine = new LabelledImages(9, 1, 1, new byte[9], new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, 10);
        var e = assertThrows(IllegalArgumentException.class, () -> new FourDigitRanking(nine));
        assertTrue(e.getMessage().contains("digit 9"), e.getMessage());
    }
}
