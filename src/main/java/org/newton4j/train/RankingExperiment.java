package org.newton4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

import org.newton4j.data.FourDigitRanking;
import org.newton4j.data.MnistFiles;
import org.newton4j.data.RankingBatch;
import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.NewtonAlignment;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.nn.Sequential;
import org.newton4j.nn.Tensor;

/**
 * The four-digit MNIST ranking experiment (Newton Losses §5.1): a CNN scores each element image,
 * a ranking loss compares the n scores of a set with the true ranks, an optimizer updates the CNN.
 * Reproducible from the config's seed: initialisation and training sets come from it, the test
 * sets from a fixed seed shared by every run.
 */
public final class RankingExperiment implements Experiment<RankingConfig, RankingResult> {
    /** Seed of the test sets, the same for every run so runs are compared on the same sets. */
    public static final long TEST_SEED = 0x7E57_5E75L;
    /** Names of the test metrics, as in the CSV header. */
    public static final List<String> METRICS = List.of("test_exact_match", "test_elementwise");
    /** Test sets the Newton-loss alignment of a finished run is measured on (the first ones). */
    public static final int ALIGNMENT_SETS = 400;

    private final FourDigitRanking train;
    private final FourDigitRanking test;

    /** Training numbers are composed from the train split's digits, test numbers from the test split's. */
    public RankingExperiment(MnistFiles.Splits digits) {
        this.train = new FourDigitRanking(digits.train());
        this.test = new FourDigitRanking(digits.test());
    }

    /** Reads the MNIST IDX files of a directory (see {@link MnistFiles}). */
    public static RankingExperiment fromDirectory(Path directory) throws IOException {
        return new RankingExperiment(MnistFiles.read(directory, 10));
    }

    @Override
    public RankingResult run(RankingConfig c, Backend backend) throws IOException {
        RunSettings s = c.settings();
        Precision precision = TrainingLoop.supportedPrecision(backend, s);
        SplittableRandom data = new SplittableRandom(s.seed());
        long initSeed = data.nextLong();
        RankingBatch testSets = test.sample(new SplittableRandom(TEST_SEED + c.n()), s.testCount(), c.n());
        RankingMetrics[] last = new RankingMetrics[1];
        try (Sequential net = c.network().build(backend, precision, 1, test.height(), test.width(), initSeed)) {
            TrainingLoop.Outcome o = TrainingLoop.run(net, backend, precision, step -> {
                RankingBatch b = train.sample(data, s.batchSize(), c.n());
                return new TrainingLoop.Minibatch(b.images(), b.imageShape(), b.ranks(), b.sets(), b.n());
            }, s.loss(), s.update(), TrainingLoop.Plan.of(s, METRICS, n -> {
                last[0] = evaluate(n, backend, precision, testSets, s.batchSize());
                return new double[] {last[0].exactMatch(), last[0].elementwise()};
            }, "ranking n=" + c.n()));
            OptionalDouble alignment = s.loss().newtonLoss()
                    .map(newton -> OptionalDouble.of(newtonAlignment(net, backend, precision, testSets, s.batchSize(), newton)))
                    .orElse(OptionalDouble.empty());
            return new RankingResult(last[0], o.lastLoss(), o.curve(), s.steps(), o.seconds(), backend.kind().toString(),
                    o.csv(), o.plot(), o.checkpoint(), alignment);
        }
    }

    /**
     * Mean over minibatches of chunkSets test sets (at most ALIGNMENT_SETS sets) of the cosine between the trained
     * network's Newton-loss update and its plain-loss update in output space ({@link NewtonAlignment}); minibatches
     * whose plain gradient vanishes are left out, and NaN is returned if all do.
     */
    static double newtonAlignment(Sequential net, Backend backend, Precision precision, RankingBatch sets, int chunkSets,
                                  NewtonLoss newton) {
        NewtonAlignment.Mean mean = new NewtonAlignment.Mean();
        forEachChunk(net, backend, precision, sets, Math.min(sets.sets(), ALIGNMENT_SETS), chunkSets, (scores, ranks, count) -> {
            try (DeviceBuffer r = backend.upload(ranks)) {
                mean.add(newton, new LossBatch(scores.buffer(), r, count));
            }
        });
        return mean.value();
    }

    /** Test metrics of the network, in chunks of chunkSets sets to bound memory. */
    static RankingMetrics evaluate(Sequential net, Backend backend, Precision precision, RankingBatch sets, int chunkSets) {
        RankingMetrics[] total = {null};
        forEachChunk(net, backend, precision, sets, sets.sets(), chunkSets, (scores, ranks, count) -> {
            RankingMetrics part = RankingMetrics.of(scores.toHost(), ranks, count, sets.n());
            total[0] = total[0] == null ? part : total[0].merge(part);
        });
        return total[0];
    }

    /** What is done with the network's scores of one chunk of sets (on the device, owned by the network). */
    @FunctionalInterface
    private interface ChunkScores {
        void accept(Tensor scores, int[] ranks, int count);
    }

    /** Scores the first {@code total} sets in chunks of chunkSets sets, to bound memory, and hands each chunk on. */
    private static void forEachChunk(Sequential net, Backend backend, Precision precision, RankingBatch sets, int total,
                                     int chunkSets, ChunkScores each) {
        int n = sets.n(), size = sets.elementSize();
        for (int s0 = 0; s0 < total; s0 += chunkSets) {
            int count = Math.min(chunkSets, total - s0);
            double[] images = java.util.Arrays.copyOfRange(sets.images(), s0 * n * size, (s0 + count) * n * size);
            try (Tensor x = Tensor.upload(backend, precision, images, count * n, sets.channels(), sets.height(), sets.width())) {
                each.accept(net.forward(x), java.util.Arrays.copyOfRange(sets.ranks(), s0 * n, (s0 + count) * n), count);
            }
        }
    }
}
