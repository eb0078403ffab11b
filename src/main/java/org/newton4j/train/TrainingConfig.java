package org.newton4j.train;

import java.nio.file.Path;

import org.newton4j.device.BackendKind;
import org.newton4j.device.Precision;

/**
 * An experiment config: the shared {@link RunSettings} plus the experiment's own network and data
 * fields. The shared accessors and {@code with…} methods are written here once; a config record
 * only supplies {@link #settings()} and {@link #withSettings}, whose constructor checks the result.
 *
 * @param <C> the config type, so that {@code with…} keeps it
 */
public interface TrainingConfig<C extends TrainingConfig<C>> {
    RunSettings settings();

    /** This config with other shared settings (checked by the config's constructor). */
    C withSettings(RunSettings settings);

    default int steps() { return settings().steps(); }

    default int batchSize() { return settings().batchSize(); }

    default long seed() { return settings().seed(); }

    default double learningRate() { return settings().learningRate(); }

    default BackendKind backend() { return settings().backend(); }

    default Precision precision() { return settings().precision(); }

    default BatchLoss loss() { return settings().loss(); }

    default ParameterUpdate optimizer() { return settings().optimizer(); }

    default int evalEvery() { return settings().evalEvery(); }

    default Path outDirectory() { return settings().outDirectory(); }

    default String label() { return settings().label(); }

    default boolean progress() { return settings().progress(); }

    default C withSteps(int v) { return withSettings(settings().withSteps(v)); }

    default C withBatchSize(int v) { return withSettings(settings().withBatchSize(v)); }

    default C withSeed(long v) { return withSettings(settings().withSeed(v)); }

    default C withLearningRate(double v) { return withSettings(settings().withLearningRate(v)); }

    default C withBackend(BackendKind v) { return withSettings(settings().withBackend(v)); }

    default C withPrecision(Precision v) { return withSettings(settings().withPrecision(v)); }

    default C withLoss(BatchLoss v) { return withSettings(settings().withLoss(v)); }

    default C withOptimizer(ParameterUpdate v) { return withSettings(settings().withOptimizer(v)); }

    /** Evaluate every {@code every} steps on {@code count} test examples. */
    default C withEvaluation(int every, int count) { return withSettings(settings().withEvaluation(every, count)); }

    /** Write CSV, PNG and checkpoint to {@code directory}, named {@code name}; a null directory writes nothing. */
    default C withOutput(Path directory, String name) { return withSettings(settings().withOutput(directory, name)); }

    default C withProgress(boolean v) { return withSettings(settings().withProgress(v)); }
}
