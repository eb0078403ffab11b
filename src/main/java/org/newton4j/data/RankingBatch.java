package org.newton4j.data;

/**
 * Sets of images to rank: {@code sets} sets of {@code n} elements, element images of
 * channels×height×width (row-major, normalised), their integer values and their true ranks
 * (ascending: rank 0 is the smallest value of its set; DESIGN §4). Arrays are set-major:
 * element j of set s is index s·n + j.
 */
public record RankingBatch(int sets, int n, int channels, int height, int width,
                           double[] images, long[] values, int[] ranks) {
    public RankingBatch {
        if (sets < 1 || n < 1) throw new IllegalArgumentException("ranking batch: sets=" + sets + " n=" + n + " must be >= 1");
        if (images.length != (long) sets * n * channels * height * width || values.length != sets * n || ranks.length != sets * n)
            throw new IllegalArgumentException("ranking batch: array lengths do not match " + sets + " sets of " + n
                    + " elements of " + channels + "x" + height + "x" + width);
    }

    public int elements() { return sets * n; }

    public int elementSize() { return channels * height * width; }

    /** The NCHW shape of all element images together. */
    public int[] imageShape() { return new int[] {sets * n, channels, height, width}; }

    /** Ranks 0..n−1 of values, ascending; ties keep index order (the samplers avoid ties). */
    public static int[] ranksOf(long[] values, int offset, int n) {
        int[] ranks = new int[n];
        for (int j = 0; j < n; j++) {
            int r = 0;
            for (int l = 0; l < n; l++) {
                long a = values[offset + l], b = values[offset + j];
                if (a < b || (a == b && l < j)) r++;
            }
            ranks[j] = r;
        }
        return ranks;
    }
}
