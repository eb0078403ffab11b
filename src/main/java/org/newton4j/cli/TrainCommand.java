package org.newton4j.cli;

import org.newton4j.sort.Network;
import org.newton4j.sort.RankingLoss;
import org.newton4j.sort.Relaxation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.newton4j.loss.Curvature;
import org.newton4j.loss.IndefinitePolicy;
import org.newton4j.loss.NewtonAlignment;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.Scope;
import org.newton4j.loss.TwiceDifferentiableLoss;
import org.newton4j.train.BatchLoss;
import org.newton4j.train.ClassificationConfig;
import org.newton4j.train.ClassificationExperiment;
import org.newton4j.train.ClassificationResult;
import org.newton4j.train.ClassifierNetwork;
import org.newton4j.train.Objective;
import org.newton4j.train.OptimizerUpdate;
import org.newton4j.train.ParameterUpdate;
import org.newton4j.train.PathLossSpec;
import org.newton4j.train.PathNetwork;
import org.newton4j.train.RankingConfig;
import org.newton4j.train.RankingExperiment;
import org.newton4j.train.RankingNetwork;
import org.newton4j.train.RankingResult;
import org.newton4j.train.SgdMomentum;
import org.newton4j.train.ShortestPathConfig;
import org.newton4j.train.ShortestPathExperiment;
import org.newton4j.train.ShortestPathResult;
import org.newton4j.train.TrainingResult;
import org.newton4j.optim.Adam;
import org.newton4j.optim.Alice;
import org.newton4j.optim.GroupedNewton;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code newton4j train}: the papers' training experiments. Losses and optimizers come from two
 * factories so the CLI does not depend on where they are implemented; the no-argument constructor
 * (used by picocli) takes {@link #DEFAULT_LOSSES} and {@link #DEFAULT_OPTIMIZERS}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the papers' experiments (ranking: four-digit MNIST; shortest-path: Warcraft-style maps; classify).",
        subcommands = {TrainCommand.Ranking.class, TrainCommand.ShortestPath.class, TrainCommand.Classify.class})
public final class TrainCommand implements Runnable {
    public static final String[] METHODS = {"neuralsort", "softsort", "odd_even", "bitonic"};
    public static final String[] NEWTON = {"none", "hessian", "fisher"};
    public static final String[] SCOPES = {"batch", "sample"};

    /** What the ranking loss options ask for, validated for range but not for availability. */
    public record RankingLossSpec(String method, String relaxation, double steepness, int n, String newton,
                                  double lambda, String scope, String policy) { }

    /** Builds the per-batch loss for the options; throws IllegalArgumentException naming the option it cannot honour. */
    @FunctionalInterface
    public interface RankingLossFactory {
        BatchLoss create(RankingLossSpec spec);

        /**
         * The factory for a source of base ranking losses: --newton none trains on the mean of the
         * base loss; hessian / fisher wrap it in a Newton loss (org.newton4j.loss) with --lambda and --scope.
         */
        static RankingLossFactory fromBase(java.util.function.Function<RankingLossSpec, TwiceDifferentiableLoss> base) {
            return spec -> {
                TwiceDifferentiableLoss loss = base.apply(spec);
                if (spec.newton().equals("none")) return BatchLoss.meanOf(loss);
                return BatchLoss.newton(NewtonLoss.of(loss)
                        .curvature(spec.newton().equals("hessian") ? Curvature.HESSIAN : Curvature.FISHER)
                        .scope(spec.scope().equals("sample") ? Scope.SAMPLE : Scope.BATCH)
                        .policy(IndefinitePolicy.parse(spec.policy(), "--policy"))
                        .lambda(spec.lambda()).build());
            };
        }
    }

    /** The ranking losses of org.newton4j.sort; NeuralSort and SoftSort take τ = 1/--steepness. */
    public static final RankingLossFactory DEFAULT_LOSSES = RankingLossFactory.fromBase(spec -> baseRankingLoss(spec).asLoss(spec.n()));

    static RankingLoss baseRankingLoss(RankingLossSpec spec) {
        switch (spec.method()) {
            case "neuralsort": return RankingLoss.neuralSort(1 / spec.steepness());
            case "softsort": return RankingLoss.softSort(1 / spec.steepness());
            default:
                Relaxation relaxation;
                try {
                    relaxation = Relaxation.parse(spec.relaxation());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--relaxation: " + e.getMessage());
                }
                return RankingLoss.sortingNetwork(Network.parse(spec.method()), relaxation, spec.steepness());
        }
    }

    /** Builds the classification loss (logits N×classes, I32 labels N); throws IllegalArgumentException when unavailable. */
    @FunctionalInterface
    public interface ClassificationLossFactory {
        BatchLoss create(int classes);
    }

    /** Mean softmax cross-entropy of org.newton4j.loss. */
    public static final ClassificationLossFactory DEFAULT_CLASSIFICATION_LOSS =
            classes -> BatchLoss.meanOf(new org.newton4j.loss.SoftmaxCrossEntropy(classes));

    /** Builds the optimizer named by --optimizer; throws IllegalArgumentException for a name it does not offer. */
    @FunctionalInterface
    public interface OptimizerFactory {
        ParameterUpdate create(String name, double learningRate);
    }

    /**
     * sgd: {@link SgdMomentum} (momentum 0.9); adam, alice, grouped-newton: the optimizers of
     * org.newton4j.optim with their reference defaults and --lr, through {@link OptimizerUpdate}
     * (GroupedNewton's rates use exact HVPs of the current minibatch).
     */
    public static final OptimizerFactory DEFAULT_OPTIMIZERS = (name, lr) -> {
        switch (name) {
            case "sgd": return new SgdMomentum(lr, 0.9);
            case "adam": return new OptimizerUpdate(name, (p, o, current) -> Adam.<Objective>builder(p, o.gradient()).lr(lr).build());
            case "alice": return new OptimizerUpdate(name, (p, o, current) -> Alice.<Objective>builder(p, o.gradient()).lr(lr).build());
            case "grouped-newton": return new OptimizerUpdate(name,
                    (p, o, current) -> GroupedNewton.builder(p, o, current).sgdDirection(lr, 0.9).build());
            default: throw new IllegalArgumentException("--optimizer: unknown optimizer '" + name
                    + "' (expected sgd, adam, grouped-newton or alice)");
        }
    };

    final RankingLossFactory losses;
    final OptimizerFactory optimizers;
    final ClassificationLossFactory classificationLoss;

    public TrainCommand() { this(DEFAULT_LOSSES, DEFAULT_OPTIMIZERS, DEFAULT_CLASSIFICATION_LOSS); }

    public TrainCommand(RankingLossFactory losses, OptimizerFactory optimizers) {
        this(losses, optimizers, DEFAULT_CLASSIFICATION_LOSS);
    }

    public TrainCommand(RankingLossFactory losses, OptimizerFactory optimizers, ClassificationLossFactory classificationLoss) {
        this.losses = losses;
        this.optimizers = optimizers;
        this.classificationLoss = classificationLoss;
    }

    /** Bad input as the CLI reports it: "--option: problem" (Main turns it into exit status 2). */
    static void require(boolean ok, String option, String problem) {
        if (!ok) throw new IllegalArgumentException(option + ": " + problem);
    }

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    /** What every experiment subcommand has: the parent's factories, the shared run options, the data and report steps. */
    abstract static class ExperimentCommand implements Callable<Integer> {
        @ParentCommand
        TrainCommand parent;

        @Mixin
        RunOptions run = new RunOptions();

        /** Reads an experiment's data. */
        @FunctionalInterface
        interface DataSource<E> {
            E read() throws IOException;
        }

        /** The data a source reads; a missing file is bad input on --data (the reason says how to fetch it). */
        static <E> E readData(DataSource<E> source) throws IOException {
            try {
                return source.read();
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--data: " + (e.getReason() != null ? e.getReason() : "no such file " + e.getFile()));
            }
        }

        /** The last line of every run's report: where its curves, plot and checkpoint went. */
        static void printFiles(TrainingResult r) {
            System.out.printf("curves %s, plot %s, checkpoint %s%n", r.csv(), r.plot() == null ? "(not written)" : r.plot(), r.checkpoint());
        }
    }

    /** The Newton-loss options the ranking and shortest-path trainers share. */
    static final class NewtonOptions {
        @Option(names = "--newton", defaultValue = "none", description = "none, hessian or fisher (default ${DEFAULT-VALUE})")
        String newton;

        @Option(names = "--lambda", defaultValue = "1", description = "Tikhonov damping λ > 0 of the Newton loss (default ${DEFAULT-VALUE})")
        double lambda;

        @Option(names = "--scope", defaultValue = "batch", description = "Newton-loss curvature scope: batch or sample (default ${DEFAULT-VALUE})")
        String scope;

        @Option(names = "--policy", defaultValue = "exact",
                description = "indefinite H + λI: exact (the paper's), abs-eigen or adaptive-damping (default ${DEFAULT-VALUE})")
        String policy;
    }

    @Command(name = "ranking", mixinStandardHelpOptions = true, defaultValueProvider = RunOptions.Defaults.class,
            description = "Four-digit MNIST ranking (Newton Losses §5.1): a CNN scores each 28×112 number, "
                    + "a relaxed sorting loss compares the n scores of a set with the true ranks.")
    static final class Ranking extends ExperimentCommand {
        @Mixin
        NewtonOptions newtonOptions = new NewtonOptions();

        @Option(names = "--method", defaultValue = "softsort", description = "neuralsort, softsort, odd_even or bitonic (default ${DEFAULT-VALUE})")
        String method;

        @Option(names = "--relaxation", defaultValue = "logistic",
                description = "sorting-network relaxation: logistic, logistic_phi, gaussian, reciprocal, cauchy, optimal (default ${DEFAULT-VALUE})")
        String relaxation;

        @Option(names = "--steepness", defaultValue = "10", description = "relaxation steepness β, or 1/τ for NeuralSort/SoftSort (default ${DEFAULT-VALUE})")
        double steepness;

        @Option(names = "--n", defaultValue = "5", description = "elements per set (default ${DEFAULT-VALUE})")
        int n;

        @Option(names = "--channels", defaultValue = "32,64,64", split = ",",
                description = "conv1, conv2 and hidden widths of the network (reference: ${DEFAULT-VALUE})")
        int[] channels;

        @Option(names = "--test-sets", defaultValue = "200", description = "sets in the test set (default ${DEFAULT-VALUE})")
        int testSets;

        @Option(names = "--data", defaultValue = "data/cache/mnist",
                description = "directory of MNIST IDX files (build with data/fetch-mnist.sh; default ${DEFAULT-VALUE})")
        Path data;

        @Override
        public Integer call() throws IOException {
            RankingConfig config = config();
            RankingResult r = readData(() -> RankingExperiment.fromDirectory(data)).run(config);
            System.out.printf(Locale.ROOT, "%s: n=%d, %d steps on %s in %.1f s (%.3f s/step)%n", config.settings().label(), config.n(),
                    r.steps(), r.backend(), r.seconds(), r.secondsPerStep());
            System.out.printf(Locale.ROOT, "test exact match %.2f %%, element-wise rank accuracy %.2f %% (%d sets)%n",
                    100 * r.exactMatch(), 100 * r.elementwise(), r.test().sets());
            r.newtonAlignment().ifPresent(c -> System.out.println(NewtonAlignment.describe(c) + " (first "
                    + Math.min(r.test().sets(), RankingExperiment.ALIGNMENT_SETS) + " test sets)"));
            printFiles(r);
            return 0;
        }

        /** Validates every option (naming it on failure), then asks the factories for loss and optimizer. */
        RankingConfig config() {
            NewtonOptions nw = newtonOptions;
            require(oneOf(method, METHODS), "--method", "unknown method '" + method + "' (expected " + String.join(", ", METHODS) + ")");
            require(oneOf(nw.newton, NEWTON), "--newton", "unknown curvature '" + nw.newton + "' (expected none, hessian or fisher)");
            require(oneOf(nw.scope, SCOPES), "--scope", "unknown scope '" + nw.scope + "' (expected batch or sample)");
            require(nw.lambda > 0 && Double.isFinite(nw.lambda), "--lambda", "must be finite and > 0, got " + nw.lambda);
            IndefinitePolicy.parse(nw.policy, "--policy");
            require(steepness > 0 && Double.isFinite(steepness), "--steepness", "must be finite and > 0, got " + steepness);
            require(n >= 2 && n <= 100, "--n", "must be in 2..100, got " + n);
            run.check();
            require(testSets >= 1, "--test-sets", "must be >= 1, got " + testSets);
            require(channels.length == 3 && channels[0] > 0 && channels[1] > 0 && channels[2] > 0, "--channels",
                    "needs three positive widths conv1,conv2,hidden");
            BatchLoss loss = parent.losses.create(new RankingLossSpec(method, relaxation, steepness, n, nw.newton, nw.lambda, nw.scope, nw.policy));
            String stem = method + (method.equals("odd_even") || method.equals("bitonic") ? "-" + relaxation : "")
                    + "-n" + n + "-" + (nw.newton.equals("none") ? "baseline"
                            : nw.newton + "-l" + nw.lambda + "-" + nw.scope + (nw.policy.equals("exact") ? "" : "-" + nw.policy));
            return run.applyTo(RankingConfig.defaults(loss).withN(n).withNetwork(new RankingNetwork(channels[0], channels[1], channels[2])),
                    testSets, stem, parent.optimizers);
        }

        private static boolean oneOf(String value, String[] allowed) {
            for (String a : allowed) if (a.equals(value)) return true;
            return false;
        }
    }

    @Command(name = "classify", mixinStandardHelpOptions = true, defaultValueProvider = RunOptions.Defaults.class,
            description = "Image classification for the optimizer comparisons: an MLP (784-1024-200-100-10, tanh) "
                    + "on MNIST or Fashion-MNIST IDX files.")
    static final class Classify extends ExperimentCommand {
        @Option(names = "--network", defaultValue = "mlp", description = "mlp or lenet (default ${DEFAULT-VALUE})")
        String network;

        @Option(names = "--hidden", defaultValue = "1024,200,100", split = ",", description = "MLP hidden widths (default ${DEFAULT-VALUE})")
        int[] hidden;

        @Option(names = "--activation", defaultValue = "tanh", description = "tanh, relu or elu (default ${DEFAULT-VALUE})")
        String activation;

        @Option(names = "--test-samples", defaultValue = "2000", description = "test images evaluated (default ${DEFAULT-VALUE})")
        int testSamples;

        @Option(names = "--data", defaultValue = "data/cache/mnist",
                description = "MNIST-layout IDX directory (data/fetch-mnist.sh, data/fetch-fashion-mnist.sh; default ${DEFAULT-VALUE})")
        Path data;

        ClassificationConfig config() {
            run.check();
            require(testSamples >= 1, "--test-samples", "must be >= 1, got " + testSamples);
            ClassifierNetwork net;
            try {
                net = new ClassifierNetwork(network, hidden, activation);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--network/--hidden/--activation: " + e.getMessage());
            }
            return run.applyTo(ClassificationConfig.defaults(parent.classificationLoss.create(10)).withNetwork(net),
                    testSamples, "classify-" + network, parent.optimizers);
        }

        @Override
        public Integer call() throws IOException {
            ClassificationConfig config = config();
            ClassificationResult r = readData(() -> ClassificationExperiment.fromDirectory(data)).run(config);
            System.out.printf(Locale.ROOT, "%s: %d steps on %s in %.1f s; test accuracy %.2f %%%n", config.settings().label(), r.steps(),
                    r.backend(), r.seconds(), 100 * r.testAccuracy());
            printFiles(r);
            return 0;
        }
    }

    @Command(name = "shortest-path", mixinStandardHelpOptions = true, defaultValueProvider = RunOptions.Defaults.class,
            description = "Warcraft-style shortest paths (Newton Losses §5.2): a CNN predicts the 12×12 vertex costs of a "
                    + "rendered map, a relaxed or stochastic shortest-path loss compares them with the true path.")
    static final class ShortestPath extends ExperimentCommand {
        @Mixin
        NewtonOptions newtonOptions = new NewtonOptions();

        @Option(names = "--method", defaultValue = "relaxed_bellman_ford",
                description = "relaxed_bellman_ford, smooth_loss, smooth_algorithm or perturbed_optimizer (default ${DEFAULT-VALUE})")
        String method;

        @Option(names = "--beta", defaultValue = "10", description = "inverse temperature β of relaxed Bellman-Ford (default ${DEFAULT-VALUE})")
        double beta;

        @Option(names = "--iterations", defaultValue = "0", description = "relaxed Bellman-Ford iterations T (0 = 2·side; default ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--tconorm", defaultValue = "probabilistic",
                description = "probabilistic, hamacher (p = 0.5) or yager_1 (default ${DEFAULT-VALUE})")
        String tconorm;

        @Option(names = "--loss", defaultValue = "l2sq", description = "path loss against the truth: l1 or l2sq (default ${DEFAULT-VALUE})")
        String loss;

        @Option(names = "--samples", defaultValue = "10", description = "perturbed copies per map for the stochastic methods (default ${DEFAULT-VALUE})")
        int samples;

        @Option(names = "--epsilon", defaultValue = "0.5", description = "perturbation scale ε of the stochastic methods (default ${DEFAULT-VALUE})")
        double epsilon;

        @Option(names = "--channels", defaultValue = "16,16", split = ",", description = "conv and hidden widths of the cost network (default ${DEFAULT-VALUE})")
        int[] channels;

        @Option(names = "--maps", defaultValue = "1000,200", split = ",",
                description = "generated train,test maps (ignored with --data; default ${DEFAULT-VALUE})")
        int[] maps;

        @Option(names = "--size", defaultValue = "12", description = "generated grid side k (default ${DEFAULT-VALUE})")
        int size;

        @Option(names = "--tile", defaultValue = "4", description = "generated pixels per cell side, a power of two (the published maps: 8; default ${DEFAULT-VALUE})")
        int tile;

        @Option(names = "--data", description = "directory of the published arrays (train_maps.npy, train_vertex_weights.npy, "
                + "[train_shortest_paths.npy], and test_*) instead of generated maps")
        Path data;

        @Option(names = "--test-maps", defaultValue = "200", description = "test maps evaluated (default ${DEFAULT-VALUE})")
        int testMaps;

        /** Validates the data options and reads or generates the maps. */
        ShortestPathExperiment experiment() throws IOException {
            if (data != null) {
                require(Files.isDirectory(data), "--data", "no such directory " + data);
                try {
                    return ShortestPathExperiment.fromDirectory(data);
                } catch (NoSuchFileException e) {
                    throw new IllegalArgumentException("--data: no such file " + e.getFile()
                            + " (expected {train,test}_maps.npy and {train,test}_vertex_weights.npy)");
                } catch (IOException e) {
                    throw new IllegalArgumentException("--data: " + e.getMessage());
                }
            }
            require(maps.length == 2 && maps[0] >= 1 && maps[1] >= 1, "--maps", "needs two positive counts train,test");
            require(size >= 2 && size <= 32, "--size", "must be in 2..32, got " + size);
            require(tile >= 1 && tile <= 16 && Integer.bitCount(tile) == 1, "--tile", "must be a power of two in 1..16, got " + tile);
            return ShortestPathExperiment.generated(maps[0], maps[1], size, tile);
        }

        /** Validates every option (naming it on failure), then builds loss and optimizer. */
        ShortestPathConfig config(int side) {
            run.check();
            require(testMaps >= 1, "--test-maps", "must be >= 1, got " + testMaps);
            require(channels.length == 2 && channels[0] > 0 && channels[1] > 0, "--channels", "needs two positive widths conv,hidden");
            NewtonOptions nw = newtonOptions;
            PathLossSpec spec = new PathLossSpec(method, nw.newton, nw.lambda, nw.scope, nw.policy, beta,
                    iterations, tconorm, loss, samples, epsilon, run.seed);
            return run.applyTo(ShortestPathConfig.defaults(spec.create(side)).withNetwork(new PathNetwork(channels[0], channels[1])),
                    testMaps, "path-" + spec.label(), parent.optimizers);
        }

        @Override
        public Integer call() throws IOException {
            ShortestPathExperiment experiment = experiment();
            ShortestPathConfig config = config(experiment.side());
            ShortestPathResult r = experiment.run(config);
            System.out.printf(Locale.ROOT, "%s: %dx%d maps, %d steps on %s in %.1f s (%.3f s/step)%n", config.settings().label(), experiment.side(),
                    experiment.side(), r.steps(), r.backend(), r.seconds(), r.secondsPerStep());
            System.out.printf(Locale.ROOT, "test exact-path accuracy %.2f %%, mean relative regret %.4f (%d maps)%n",
                    100 * r.exactMatch(), r.regret(), r.test().maps());
            r.newtonAlignment().ifPresent(c -> System.out.println(NewtonAlignment.describe(c) + " (first "
                    + Math.min(r.test().maps(), ShortestPathExperiment.ALIGNMENT_MAPS) + " test maps)"));
            printFiles(r);
            return 0;
        }
    }
}
