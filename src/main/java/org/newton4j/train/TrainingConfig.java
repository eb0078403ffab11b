package org.newton4j.train;

import java.nio.file.Path;
import java.util.function.BiFunction;

import org.newton4j.device.BackendKind;
import org.newton4j.device.Precision;

/**
 * An experiment config: a network and the shared {@link RunSettings}. The checks and the
 * {@code with…} methods are written here once; a config only names its test examples, its
 * defaults, and how to copy itself.
 *
 * @param <C> the config type, so that {@code with…} keeps it
 * @param <N> its network
 */
public abstract class TrainingConfig<C extends TrainingConfig<C, N>, N> {
    private final N network;
    private final RunSettings settings;
    private final BiFunction<N, RunSettings, C> copy;

    /**
     * Checks the settings (see {@link RunSettings#check}).
     *
     * @param testWhat what the test examples are called in messages ("test sets", ...)
     * @param copy     makes the same config with another network and settings
     */
    protected TrainingConfig(N network, RunSettings settings, String testWhat, BiFunction<N, RunSettings, C> copy) {
        settings.check(testWhat, network);
        this.network = network;
        this.settings = settings;
        this.copy = copy;
    }

    public N network() { return network; }

    public RunSettings settings() { return settings; }

    public C withNetwork(N v) { return copy.apply(v, settings); }

    public C withSteps(int v) { return copy.apply(network, settings.withSteps(v)); }

    public C withBatchSize(int v) { return copy.apply(network, settings.withBatchSize(v)); }

    public C withSeed(long v) { return copy.apply(network, settings.withSeed(v)); }

    public C withLearningRate(double v) { return copy.apply(network, settings.withLearningRate(v)); }

    public C withBackend(BackendKind v) { return copy.apply(network, settings.withBackend(v)); }

    public C withPrecision(Precision v) { return copy.apply(network, settings.withPrecision(v)); }

    public C withLoss(BatchLoss v) { return copy.apply(network, settings.withLoss(v)); }

    public C withOptimizer(ParameterUpdate v) { return copy.apply(network, settings.withOptimizer(v)); }

    /** Evaluate every {@code every} steps on {@code count} test examples. */
    public C withEvaluation(int every, int count) { return copy.apply(network, settings.withEvaluation(every, count)); }

    /** Write CSV, PNG and checkpoint to {@code directory}, named {@code name}; a null directory writes nothing. */
    public C withOutput(Path directory, String name) { return copy.apply(network, settings.withOutput(directory, name)); }

    public C withProgress(boolean v) { return copy.apply(network, settings.withProgress(v)); }

    /** Where the run begins: the initialiser, a warm start from a checkpoint, or a checkpoint's run resumed ({@link RunStart}). */
    public C withStart(RunStart v) { return copy.apply(network, settings.withStart(v)); }

    @Override
    public String toString() { return getClass().getSimpleName() + "[network=" + network + ", " + settings + "]"; }
}
