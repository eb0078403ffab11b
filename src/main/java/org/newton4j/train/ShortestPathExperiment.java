package org.newton4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

import org.newton4j.data.WarcraftMaps;
import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.NewtonAlignment;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.nn.Sequential;
import org.newton4j.nn.Tensor;
import org.newton4j.path.ShortestPath;

/**
 * The Warcraft shortest-path experiment (Newton Losses §5.2, AlgoVision): a CNN reads the k×k
 * vertex costs off a rendered map, a shortest-path loss (relaxed Bellman-Ford or a stochastic
 * method, optionally as a Newton loss) compares them with the true path, an optimizer updates the
 * CNN. The metric is the exact solver's path on the predicted costs against the true path.
 * The maps are fixed by the data (generated from fixed seeds, or read from the published arrays);
 * the config's seed drives the initialisation, the minibatch order and the perturbations.
 */
public final class ShortestPathExperiment implements Experiment<ShortestPathConfig, ShortestPathResult> {
    /** Seeds of the generated training and test maps, the same for every run. */
    public static final long TRAIN_MAPS_SEED = 0x3A95_0001L;
    public static final long TEST_MAPS_SEED = 0x3A95_7E57L;
    /** Names of the test metrics, as in the CSV header. */
    public static final List<String> METRICS = List.of("test_exact_path", "test_regret");
    /**
     * Test maps the Newton-loss alignment of a finished run is measured on (the first ones): fewer than the
     * ranking sets, since a Hessian step on a 12×12 map solves a 144×144 system.
     */
    public static final int ALIGNMENT_MAPS = 64;

    private final Split train;
    private final Split test;

    /** A data split as network inputs with true costs and paths. */
    private record Split(WarcraftMaps maps, double[] inputs, double[] paths) {
        static Split of(WarcraftMaps maps) {
            if (maps.imageHeight() != maps.imageWidth())
                throw new IllegalArgumentException("warcraft maps: images must be square, got " + maps.imageHeight() + "x" + maps.imageWidth());
            double[] paths = maps.paths() != null ? maps.paths()
                    : new ShortestPath(maps.size(), maps.size()).solve(maps.costs(), Precision.F64);
            return new Split(maps, maps.imagesChannelsFirst(), paths);
        }

        int cells() { return maps.size() * maps.size(); }

        int pixels() { return 3 * maps.imageHeight() * maps.imageWidth(); }
    }

    public ShortestPathExperiment(WarcraftMaps train, WarcraftMaps test) {
        if (train.size() != test.size() || train.imageHeight() != test.imageHeight() || train.imageWidth() != test.imageWidth())
            throw new IllegalArgumentException("warcraft maps: train and test differ in grid or image size");
        this.train = Split.of(train);
        this.test = Split.of(test);
    }

    /** Generated maps of side×side cells, tile×tile pixels per cell, from the fixed data seeds. */
    public static ShortestPathExperiment generated(int trainMaps, int testMaps, int side, int tile) {
        return new ShortestPathExperiment(WarcraftMaps.generate(trainMaps, side, tile, TRAIN_MAPS_SEED),
                WarcraftMaps.generate(testMaps, side, tile, TEST_MAPS_SEED));
    }

    /** The published arrays (train_*.npy and test_*.npy, see {@link WarcraftMaps#load}). */
    public static ShortestPathExperiment fromDirectory(Path directory) throws IOException {
        return new ShortestPathExperiment(WarcraftMaps.load(directory, "train"), WarcraftMaps.load(directory, "test"));
    }

    public int side() { return train.maps().size(); }

    public int trainMaps() { return train.maps().count(); }

    public int testMaps() { return test.maps().count(); }

    @Override
    public ShortestPathResult run(ShortestPathConfig c, Backend backend) throws IOException {
        RunSettings s = c.settings();
        Precision precision = TrainingLoop.supportedPrecision(backend, s);
        SplittableRandom rng = new SplittableRandom(s.seed());
        long initSeed = rng.nextLong();
        int cells = train.cells(), pixels = train.pixels(), image = train.maps().imageHeight();
        EpochOrder order = new EpochOrder(train.maps().count(), rng);
        int testCount = Math.min(s.testCount(), test.maps().count());
        PathMetrics[] last = new PathMetrics[1];
        try (Sequential net = c.network().build(backend, precision, image, side(), initSeed)) {
            TrainingLoop.Outcome o = TrainingLoop.run(net, backend, precision, step -> {
                double[] x = new double[s.batchSize() * pixels], truth = new double[s.batchSize() * cells];
                for (int i = 0; i < s.batchSize(); i++) {
                    int map = order.next();
                    System.arraycopy(train.inputs(), map * pixels, x, i * pixels, pixels);
                    System.arraycopy(train.paths(), map * cells, truth, i * cells, cells);
                }
                return TrainingLoop.Minibatch.real(x, new int[] {s.batchSize(), 3, image, image}, truth, s.batchSize(), cells);
            }, s.loss(), s.update(), TrainingLoop.Plan.of(s, METRICS, n -> {
                last[0] = evaluate(n, backend, precision, testCount, s.batchSize());
                return new double[] {last[0].exactMatch(), last[0].regret()};
            }, "shortest paths " + side() + "x" + side()));
            int alignmentMaps = Math.min(testCount, ALIGNMENT_MAPS);
            OptionalDouble alignment = s.loss().newtonLoss()
                    .map(newton -> OptionalDouble.of(newtonAlignment(net, backend, precision, alignmentMaps, s.batchSize(), newton)))
                    .orElse(OptionalDouble.empty());
            return new ShortestPathResult(last[0], o.lastLoss(), o.curve(), s.steps(), o.seconds(), backend.kind().toString(),
                    o.csv(), o.plot(), o.checkpoint(), alignment);
        }
    }

    /**
     * Mean over minibatches of chunk maps (the first count test maps) of the cosine between the trained network's
     * Newton-loss update and its plain-loss update in output space ({@link NewtonAlignment}).
     */
    double newtonAlignment(Sequential net, Backend backend, Precision precision, int count, int chunk, NewtonLoss newton) {
        int cells = test.cells();
        double[] costs = predictCosts(net, backend, precision, count, chunk);
        NewtonAlignment.Mean mean = new NewtonAlignment.Mean();
        for (int s = 0; s < count; s += chunk) {
            int m = Math.min(chunk, count - s);
            try (DeviceBuffer y = backend.upload(precision, Arrays.copyOfRange(costs, s * cells, (s + m) * cells));
                 DeviceBuffer truth = backend.upload(precision, Arrays.copyOfRange(test.paths(), s * cells, (s + m) * cells))) {
                mean.add(newton, new LossBatch(y, truth, m));
            }
        }
        return mean.value();
    }

    /** Predicted costs of the first count test maps, in chunks of chunk maps to bound memory. */
    double[] predictCosts(Sequential net, Backend backend, Precision precision, int count, int chunk) {
        int cells = test.cells(), pixels = test.pixels(), image = test.maps().imageHeight();
        double[] costs = new double[count * cells];
        for (int s = 0; s < count; s += chunk) {
            int m = Math.min(chunk, count - s);
            try (Tensor x = Tensor.upload(backend, precision, Arrays.copyOfRange(test.inputs(), s * pixels, (s + m) * pixels),
                    m, 3, image, image)) {
                System.arraycopy(net.forward(x).toHost(), 0, costs, s * cells, m * cells);
            }
        }
        return costs;
    }

    private PathMetrics evaluate(Sequential net, Backend backend, Precision precision, int count, int chunk) {
        int cells = test.cells();
        return PathMetrics.of(predictCosts(net, backend, precision, count, chunk),
                Arrays.copyOf(test.maps().costs(), count * cells), Arrays.copyOf(test.paths(), count * cells), side());
    }
}
