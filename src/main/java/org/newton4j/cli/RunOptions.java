package org.newton4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.newton4j.device.BackendKind;
import org.newton4j.device.Precision;
import org.newton4j.train.ParameterUpdate;
import org.newton4j.train.RunStart;
import org.newton4j.train.TrainingConfig;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The options every {@code newton4j train} experiment shares, mixed into each subcommand. Their
 * defaults differ per experiment (a classifier takes more and larger minibatches than the ranking
 * CNN), so the varying ones come from {@link Defaults}, which {@code --help} shows as usual.
 */
final class RunOptions {
    // One line per option: the mixin reads as a table of what every experiment takes.
    @Option(names = "--optimizer", description = "sgd, adam, grouped-newton or alice (default ${DEFAULT-VALUE})") String optimizer;
    @Option(names = "--lr", description = "learning rate (default ${DEFAULT-VALUE})") double learningRate;
    @Option(names = "--seed", defaultValue = "0", description = "seed of initialisation, training draws and perturbations (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--steps", description = "optimizer steps (default ${DEFAULT-VALUE})") int steps;
    @Option(names = "--batch-size", description = "sets, images or maps per minibatch (default ${DEFAULT-VALUE})") int batchSize;
    @Option(names = "--backend", defaultValue = "cpu", description = "cpu, opencl, cuda or auto (default ${DEFAULT-VALUE})") String backend;
    @Option(names = "--precision", defaultValue = "f64", description = "f32 or f64 (default ${DEFAULT-VALUE})") String precision;
    @Option(names = "--eval-every", description = "steps between test evaluations (default ${DEFAULT-VALUE})") int evalEvery;
    @Option(names = "--out", description = "directory for CSV, PNG and checkpoint (default ${DEFAULT-VALUE})") Path out;
    @Option(names = "--no-progress", description = "no progress bar") boolean noProgress;
    @Option(names = "--init", paramLabel = "CHECKPOINT", description = "start from the parameters of a checkpoint of the same network "
            + "(a warm start: the optimizer starts fresh, --seed still draws the data)") Path init;
    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "continue the run that wrote a checkpoint, same options, "
            + "to --steps in all: it ends as the run would have without the stop") Path resume;

    /**
     * The defaults of the options above that differ per experiment, one row per subcommand; a
     * subcommand applies them with {@code @Command(defaultValueProvider = RunOptions.Defaults.class)}.
     * Every other option keeps the default of its annotation.
     */
    static final class Defaults implements IDefaultValueProvider {
        private static final List<String> OPTIONS = List.of("--optimizer", "--lr", "--steps", "--batch-size", "--eval-every", "--out");
        private static final Map<String, List<String>> BY_COMMAND = Map.of(
                "ranking", List.of("sgd", "0.01", "200", "8", "25", "out/train-ranking"),
                "classify", List.of("sgd", "0.05", "500", "64", "50", "out/train-classify"),
                "shortest-path", List.of("adam", "0.01", "300", "16", "50", "out/train-shortest-path"));

        @Override
        public String defaultValue(ArgSpec arg) {
            List<String> row = BY_COMMAND.get(arg.command().name());
            int column = arg instanceof OptionSpec option ? OPTIONS.indexOf(option.longestName()) : -1;
            return row == null || column < 0 ? null : row.get(column);
        }
    }

    /** Checks the options (naming the one at fault) before the subcommand builds anything from them. */
    void check() {
        TrainCommand.require(steps >= 1, "--steps", "must be >= 1, got " + steps);
        TrainCommand.require(batchSize >= 1, "--batch-size", "must be >= 1, got " + batchSize);
        TrainCommand.require(learningRate > 0 && Double.isFinite(learningRate), "--lr", "must be finite and > 0, got " + learningRate);
        TrainCommand.require(evalEvery >= 1, "--eval-every", "must be >= 1, got " + evalEvery);
        BackendKind.parse(backend, "--backend");
        Precision.parse(precision, "--precision");
        TrainCommand.require(init == null || java.nio.file.Files.isRegularFile(init), "--init", "no such checkpoint file " + init);
        TrainCommand.require(resume == null || java.nio.file.Files.isRegularFile(resume), "--resume", "no such checkpoint file " + resume);
        TrainCommand.require(init == null || resume == null, "--resume",
                "cannot be combined with --init (a warm start begins a new run from a checkpoint's parameters, a resume continues its run)");
    }

    /**
     * The options applied to an experiment's config, with the optimizer the factory builds for
     * --optimizer and --lr. The run is named {@code stem-optimizer-sSEED}, made file-name safe.
     */
    <C extends TrainingConfig<C, ?>> C applyTo(C config, int testCount, String stem, TrainCommand.OptimizerFactory optimizers) {
        ParameterUpdate update = optimizers.create(optimizer, learningRate);
        String label = (stem + "-" + update.name() + "-s" + seed).replaceAll("[^A-Za-z0-9._+-]", "_");
        return config.withSteps(steps).withBatchSize(batchSize).withSeed(seed).withLearningRate(learningRate)
                .withBackend(BackendKind.parse(backend, "--backend")).withPrecision(Precision.parse(precision, "--precision"))
                .withOptimizer(update).withEvaluation(evalEvery, testCount).withOutput(out, label).withProgress(!noProgress)
                .withStart(init != null ? RunStart.warm(init) : resume != null ? RunStart.resume(resume) : RunStart.FRESH);
    }
}
