package org.newton4j.train;

import org.newton4j.device.BackendKind;
import org.newton4j.device.Precision;

/**
 * Settings of one four-digit MNIST ranking run. Start from {@link #defaults(BatchLoss)} and change
 * fields with the {@code with…} methods (the shared ones are in {@link TrainingConfig}).
 *
 * @param n        elements per set (2..100)
 * @param settings the shared settings; the seed drives initialisation and training data (the test
 *                 sets are the same for every seed), the test count is the number of test sets
 */
public record RankingConfig(int n, RankingNetwork network, RunSettings settings) implements TrainingConfig<RankingConfig> {
    public RankingConfig {
        if (n < 2 || n > 100) throw new IllegalArgumentException("n must be in 2..100, got " + n);
        settings.check("test sets", network);
    }

    /** n = 5, 200 steps of 8 sets, seed 0, SGD(0.01, momentum 0.9), CPU float64 (the CPU computes in double anyway), the reference network. */
    public static RankingConfig defaults(BatchLoss loss) {
        return new RankingConfig(5, RankingNetwork.REFERENCE, new RunSettings(200, 8, 0, 0.01, BackendKind.CPU, Precision.F64,
                loss, null, 25, 200, null, "ranking", true));
    }

    /** Sets in the test set. */
    public int testSets() { return settings.testCount(); }

    public RankingConfig withN(int v) { return new RankingConfig(v, network, settings); }

    public RankingConfig withNetwork(RankingNetwork v) { return new RankingConfig(n, v, settings); }

    @Override
    public RankingConfig withSettings(RunSettings v) { return new RankingConfig(n, network, v); }
}
