package org.newton4j.data;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The multi-digit MNIST ranking benchmark of the papers: an element is {@link #DIGITS} digit images
 * side by side (28×112 for MNIST) showing a number 0000..9999, a set holds n elements with distinct
 * numbers, and the ground truth is their ranks. Each digit image is drawn from the pool of its class
 * in the split this source was built on; build the training source on the train split and the test
 * source on the test split, and training numbers and test numbers never share a digit image.
 * Pixels are normalised with the MNIST mean and standard deviation, as the reference code does.
 */
public final class FourDigitRanking {
    public static final int DIGITS = 4;
    public static final double MEAN = 0.1307;
    public static final double STD = 0.3081;

    private final LabelledImages digits;
    private final int[][] byClass;

    public FourDigitRanking(LabelledImages digits) {
        if (digits.classes() != 10) throw new IllegalArgumentException("four-digit ranking: needs 10 digit classes, got " + digits.classes());
        this.digits = digits;
        this.byClass = digits.byClass();
        for (int c = 0; c < 10; c++)
            if (byClass[c].length == 0)
                throw new IllegalArgumentException("four-digit ranking: the digit pool has no image of digit " + c);
    }

    public int height() { return digits.height(); }

    public int width() { return DIGITS * digits.width(); }

    /** Draws {@code sets} sets of n distinct numbers and composes their images. */
    public RankingBatch sample(SplittableRandom random, int sets, int n) {
        if (sets < 1) throw new IllegalArgumentException("sets must be >= 1, got " + sets);
        if (n < 2 || n > 10000) throw new IllegalArgumentException("n must be in 2..10000, got " + n);
        int h = height(), dw = digits.width(), w = width(), elementSize = h * w;
        double[] images = new double[sets * n * elementSize];
        long[] values = new long[sets * n];
        int[] ranks = new int[sets * n];
        for (int s = 0; s < sets; s++) {
            Set<Integer> used = new HashSet<>();
            for (int j = 0; j < n; j++) {
                int value;
                do value = random.nextInt(10000); while (!used.add(value));
                int e = s * n + j;
                values[e] = value;
                for (int d = 0; d < DIGITS; d++) {
                    int digit = (value / pow10(DIGITS - 1 - d)) % 10;
                    int[] pool = byClass[digit];
                    int img = pool[random.nextInt(pool.length)];
                    for (int row = 0; row < h; row++)
                        for (int col = 0; col < dw; col++)
                            images[e * elementSize + row * w + d * dw + col] =
                                    (digits.pixel(img, row, col) / 255.0 - MEAN) / STD;
                }
            }
            System.arraycopy(RankingBatch.ranksOf(values, s * n, n), 0, ranks, s * n, n);
        }
        return new RankingBatch(sets, n, 1, h, w, images, values, ranks);
    }

    private static int pow10(int e) {
        int p = 1;
        for (int i = 0; i < e; i++) p *= 10;
        return p;
    }
}
