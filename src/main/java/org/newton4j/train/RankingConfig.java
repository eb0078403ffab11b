package org.newton4j.train;

/**
 * Settings of one four-digit MNIST ranking run: n, the scoring network and the shared settings,
 * whose seed drives initialisation and training data (the test sets are the same for every seed)
 * and whose test count is the number of test sets. Start from {@link #defaults(BatchLoss)} and
 * change fields with the {@code with…} methods.
 */
public final class RankingConfig extends TrainingConfig<RankingConfig, RankingNetwork> {
    private final int n;

    /** @param n elements per set (2..100) */
    public RankingConfig(int n, RankingNetwork network, RunSettings settings) {
        super(network, settings, "test sets", (net, s) -> new RankingConfig(n, net, s));
        if (n < 2 || n > 100) throw new IllegalArgumentException("n must be in 2..100, got " + n);
        this.n = n;
    }

    /** n = 5, 200 steps of 8 sets, seed 0, SGD(0.01, momentum 0.9), CPU float64 (the CPU computes in double anyway), the reference network. */
    public static RankingConfig defaults(BatchLoss loss) {
        return new RankingConfig(5, RankingNetwork.REFERENCE, RunSettings.defaults(loss, 200, 8, 0.01, 25, 200, "ranking"));
    }

    public int n() { return n; }

    public RankingConfig withN(int v) { return new RankingConfig(v, network(), settings()); }
}
