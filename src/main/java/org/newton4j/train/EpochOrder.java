package org.newton4j.train;

import java.util.SplittableRandom;

/**
 * Minibatch order without replacement: the indices 0..count-1 in a fresh seeded shuffle each epoch,
 * so every example is seen once per epoch and the order is reproducible from the seed.
 */
final class EpochOrder {
    private final int[] order;
    private final SplittableRandom rng;
    private int cursor;

    EpochOrder(int count, SplittableRandom rng) {
        this.order = new int[count];
        this.rng = rng;
        this.cursor = count;   // the first call shuffles
    }

    /** The next index; a new epoch reshuffles (Fisher–Yates). */
    int next() {
        if (cursor == order.length) {
            for (int k = 0; k < order.length; k++) order[k] = k;
            for (int k = order.length - 1; k > 0; k--) {
                int j = rng.nextInt(k + 1), t = order[k];
                order[k] = order[j];
                order[j] = t;
            }
            cursor = 0;
        }
        return order[cursor++];
    }
}
