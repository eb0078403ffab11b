package org.newton4j.train;

/**
 * Settings of one Warcraft-style shortest-path run: the cost network and the shared settings, whose
 * seed drives initialisation and minibatch order (the maps themselves do not depend on it) and
 * whose test count is the number of test maps evaluated (at most the test split's size). Start
 * from {@link #defaults(BatchLoss)} and change fields with the {@code with…} methods.
 */
public final class ShortestPathConfig extends TrainingConfig<ShortestPathConfig, PathNetwork> {
    public ShortestPathConfig(PathNetwork network, RunSettings settings) {
        super(network, settings, "test maps", ShortestPathConfig::new);
    }

    /** 300 steps of 16 maps, seed 0, SGD(0.01, momentum 0.9), CPU float64, the small network, 200 test maps. */
    public static ShortestPathConfig defaults(BatchLoss loss) {
        return new ShortestPathConfig(PathNetwork.SMALL, RunSettings.defaults(loss, 300, 16, 0.01, 50, 200, "shortest-path"));
    }
}
