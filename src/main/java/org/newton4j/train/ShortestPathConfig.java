package org.newton4j.train;

import org.newton4j.device.BackendKind;
import org.newton4j.device.Precision;

/**
 * Settings of one Warcraft-style shortest-path run. Start from {@link #defaults(BatchLoss)} and
 * change fields with the {@code with…} methods (the shared ones are in {@link TrainingConfig}).
 *
 * @param settings the shared settings; the seed drives initialisation and minibatch order (the maps
 *                 themselves do not depend on it), the test count is the number of test maps
 *                 evaluated (at most the test split's size)
 */
public record ShortestPathConfig(PathNetwork network, RunSettings settings) implements TrainingConfig<ShortestPathConfig> {
    public ShortestPathConfig {
        settings.check("test maps", network);
    }

    /** 300 steps of 16 maps, seed 0, SGD(0.01, momentum 0.9), CPU float64, the small network, 200 test maps. */
    public static ShortestPathConfig defaults(BatchLoss loss) {
        return new ShortestPathConfig(PathNetwork.SMALL, new RunSettings(300, 16, 0, 0.01, BackendKind.CPU, Precision.F64,
                loss, null, 50, 200, null, "shortest-path", true));
    }

    /** Test maps evaluated. */
    public int testMaps() { return settings.testCount(); }

    public ShortestPathConfig withNetwork(PathNetwork v) { return new ShortestPathConfig(v, settings); }

    @Override
    public ShortestPathConfig withSettings(RunSettings v) { return new ShortestPathConfig(network, v); }
}
