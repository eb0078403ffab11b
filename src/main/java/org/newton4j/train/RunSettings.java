package org.newton4j.train;

import java.nio.file.Path;

import org.newton4j.device.BackendKind;
import org.newton4j.device.Precision;

/**
 * The settings every training run shares, whatever the experiment: schedule, device, loss,
 * optimizer, evaluation and output. The experiment configs hold one and add their own network and
 * data fields (see {@link TrainingConfig}), which validates them with {@link #check}.
 *
 * @param optimizer    the update; null = {@link SgdMomentum} with learningRate and momentum 0.9
 * @param evalEvery    steps between test evaluations (the last step is always evaluated)
 * @param testCount    test examples evaluated (sets, maps or images)
 * @param outDirectory where CSV, PNG and checkpoint go; null = write nothing
 * @param label        run name: file names and plot legend
 * @param start        where the run begins: from the seed's initialiser, a checkpoint's parameters or a checkpoint's
 *                     run continued ({@link RunStart}); never null
 */
public record RunSettings(int steps, int batchSize, long seed, double learningRate, BackendKind backend,
                          Precision precision, BatchLoss loss, ParameterUpdate optimizer, int evalEvery, int testCount,
                          Path outDirectory, String label, boolean progress, RunStart start) {
    /** Seed 0 on the CPU in float64, the SGD baseline, no files, a progress bar; the rest as given. */
    public static RunSettings defaults(BatchLoss loss, int steps, int batchSize, double learningRate, int evalEvery, int testCount,
                                       String label) {
        return new RunSettings(steps, batchSize, 0, learningRate, BackendKind.CPU, Precision.F64, loss, null, evalEvery, testCount,
                null, label, true, RunStart.FRESH);
    }

    /**
     * Throws IllegalArgumentException for the first field out of range.
     *
     * @param testWhat what the test examples are called in the message ("test sets", "test maps", ...)
     * @param network  the experiment's network, which must be given
     */
    void check(String testWhat, Object network) {
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (!(learningRate > 0) || Double.isInfinite(learningRate))
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        if (loss == null) throw new IllegalArgumentException("loss: a BatchLoss is required");
        if (evalEvery < 1) throw new IllegalArgumentException("eval interval must be >= 1, got " + evalEvery);
        if (testCount < 1) throw new IllegalArgumentException(testWhat + " must be >= 1, got " + testCount);
        if (backend == null || precision == null || network == null)
            throw new IllegalArgumentException("backend, precision and network must be given");
        if (start == null) throw new IllegalArgumentException("start: must be given (RunStart.FRESH for the initialiser)");
        if (label == null || !label.matches("[A-Za-z0-9._+-]+"))
            throw new IllegalArgumentException("label must be a non-empty file-name-safe word, got '" + label + "'");
    }

    /** The configured update, or the papers' baseline: SGD with momentum 0.9 at the learning rate. */
    ParameterUpdate update() { return optimizer != null ? optimizer : new SgdMomentum(learningRate, 0.9); }

    public RunSettings withSteps(int v) { return new RunSettings(v, batchSize, seed, learningRate, backend, precision, loss, optimizer, evalEvery, testCount, outDirectory, label, progress, start); }

    public RunSettings withBatchSize(int v) { return new RunSettings(steps, v, seed, learningRate, backend, precision, loss, optimizer, evalEvery, testCount, outDirectory, label, progress, start); }

    public RunSettings withSeed(long v) { return new RunSettings(steps, batchSize, v, learningRate, backend, precision, loss, optimizer, evalEvery, testCount, outDirectory, label, progress, start); }

    public RunSettings withLearningRate(double v) { return new RunSettings(steps, batchSize, seed, v, backend, precision, loss, optimizer, evalEvery, testCount, outDirectory, label, progress, start); }

    public RunSettings withBackend(BackendKind v) { return new RunSettings(steps, batchSize, seed, learningRate, v, precision, loss, optimizer, evalEvery, testCount, outDirectory, label, progress, start); }

    public RunSettings withPrecision(Precision v) { return new RunSettings(steps, batchSize, seed, learningRate, backend, v, loss, optimizer, evalEvery, testCount, outDirectory, label, progress, start); }

    public RunSettings withLoss(BatchLoss v) { return new RunSettings(steps, batchSize, seed, learningRate, backend, precision, v, optimizer, evalEvery, testCount, outDirectory, label, progress, start); }

    public RunSettings withOptimizer(ParameterUpdate v) { return new RunSettings(steps, batchSize, seed, learningRate, backend, precision, loss, v, evalEvery, testCount, outDirectory, label, progress, start); }

    public RunSettings withEvaluation(int every, int count) { return new RunSettings(steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, every, count, outDirectory, label, progress, start); }

    public RunSettings withOutput(Path directory, String name) { return new RunSettings(steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, evalEvery, testCount, directory, name, progress, start); }

    public RunSettings withProgress(boolean v) { return new RunSettings(steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, evalEvery, testCount, outDirectory, label, v, start); }

    /** Where the run begins (see {@link RunStart}). */
    public RunSettings withStart(RunStart v) { return new RunSettings(steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, evalEvery, testCount, outDirectory, label, progress, v); }

    /**
     * What a resumed run must share with the run that wrote its checkpoint, as "key=value" fields joined by
     * {@link #IDENTITY_SEPARATOR}: the seed (it drew the data and the initialisation), minibatch size, precision,
     * learning rate, optimizer, the loss with its settings ({@link BatchLoss#description}), the network's layers
     * (which also catches a changed activation, invisible in the parameters' shapes) and the run's name. The optimizer's
     * hyperparameters are checked by its own state.
     *
     * @param network the network, described by its {@code toString} (its layers and their sizes)
     */
    String identity(org.newton4j.nn.Sequential network) {
        // the label last: it names the others too, so a difference is reported by the field itself when it can be
        return String.join(IDENTITY_SEPARATOR, "seed=" + seed, "batch-size=" + batchSize, "precision=" + precision,
                "lr=" + learningRate, "optimizer=" + update().name(), "loss=" + fieldValue(loss.description()),
                "network=" + fieldValue(network.toString()), "label=" + label);
    }

    /** Between the fields of {@link #identity}. */
    static final String IDENTITY_SEPARATOR = "; ";

    /** A description as one identity field: its ';' become ',', so it cannot split into two fields. */
    private static String fieldValue(String description) { return description.replace(IDENTITY_SEPARATOR.strip(), ","); }
}
