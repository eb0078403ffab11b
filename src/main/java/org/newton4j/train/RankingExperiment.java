package org.newton4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import org.newton4j.data.FourDigitRanking;
import org.newton4j.data.MnistFiles;
import org.newton4j.data.RankingBatch;
import org.newton4j.device.Backend;
import org.newton4j.device.Backends;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.nn.Checkpoint;
import org.newton4j.nn.HessianVectorProduct;
import org.newton4j.nn.OutputLoss;
import org.newton4j.nn.Sequential;
import org.newton4j.nn.Tensor;

/**
 * The four-digit MNIST ranking experiment (Newton Losses §5.1): a CNN scores each element image,
 * a ranking loss compares the n scores of a set with the true ranks, an optimizer updates the CNN.
 * Reproducible from the config's seed: initialisation and training sets come from it, the test
 * sets from a fixed seed shared by every run.
 */
public final class RankingExperiment {
    /** Seed of the test sets, the same for every run so runs are compared on the same sets. */
    public static final long TEST_SEED = 0x7E57_5E75L;

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

    public RankingResult run(RankingConfig c) throws IOException {
        try (Backend backend = Backends.open(c.backend())) {
            return run(c, backend);
        }
    }

    /** Runs on a backend the caller owns. */
    public RankingResult run(RankingConfig c, Backend backend) throws IOException {
        Precision precision = c.precision();
        if (!backend.supports(precision))
            throw new IllegalArgumentException("precision: backend " + backend.kind() + " does not support " + precision);
        SplittableRandom data = new SplittableRandom(c.seed());
        long initSeed = data.nextLong();
        RankingBatch testSets = test.sample(new SplittableRandom(TEST_SEED + c.n()), c.testSets(), c.n());
        ParameterUpdate optimizer = c.optimizer() != null ? c.optimizer() : new SgdMomentum(c.learningRate(), 0.9);
        List<CurvePoint> curve = new ArrayList<>();
        long start = System.nanoTime();
        double lossSum = 0, lastLoss = Double.NaN;
        int lossCount = 0;
        RankingMetrics metrics = null;
        try (Sequential net = c.network().build(backend, precision, 1, test.height(), test.width(), initSeed);
             ProgressBar bar = c.progress() ? progressBar(c) : null) {
            for (int step = 1; step <= c.steps(); step++) {
                RankingBatch batch = train.sample(data, c.batchSize(), c.n());
                try (MinibatchObjective objective = new MinibatchObjective(net, c.loss(), backend, precision, batch)) {
                    double loss = objective.evaluate();
                    if (!Double.isFinite(loss))
                        throw new ArithmeticException("training diverged at step " + step + " (loss " + loss
                                + "); lower the learning rate");
                    optimizer.step(net.parameters(), objective, loss);
                    lossSum += loss;
                    lossCount++;
                    lastLoss = loss;
                }
                if (step % c.evalEvery() == 0 || step == c.steps()) {
                    metrics = evaluate(net, backend, precision, testSets, c.batchSize());
                    curve.add(new CurvePoint(step, lossSum / lossCount, metrics.exactMatch(), metrics.elementwise(),
                            (System.nanoTime() - start) / 1e9));
                    lossSum = 0;
                    lossCount = 0;
                }
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(String.format(java.util.Locale.ROOT, " loss %.4f%s", lastLoss, metrics == null ? ""
                            : String.format(java.util.Locale.ROOT, " exact %.1f%% elem %.1f%%", 100 * metrics.exactMatch(), 100 * metrics.elementwise())));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Path csv = null, plot = null, checkpoint = null;
            if (c.outDirectory() != null) {
                csv = c.outDirectory().resolve(c.label() + ".csv");
                plot = c.outDirectory().resolve(c.label() + ".png");
                checkpoint = c.outDirectory().resolve(c.label() + ".ckpt");
                Curves.writeCsv(csv, curve);
                Curves.writePlot(plot, "ranking n=" + c.n(), Map.of(c.label(), curve));
                Checkpoint ck = Checkpoint.of(net.parameters());
                for (Map.Entry<String, double[]> e : optimizer.state().entrySet())
                    ck.put("optimizer." + e.getKey(), new int[] {e.getValue().length}, e.getValue());
                ck.save(checkpoint);
            }
            return new RankingResult(metrics, lastLoss, List.copyOf(curve), c.steps(), seconds, backend.kind().toString(),
                    csv, plot, checkpoint);
        }
    }

    private static ProgressBar progressBar(RankingConfig c) {
        return new ProgressBarBuilder().setTaskName(c.label()).setInitialMax(c.steps())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
    }

    /** Test metrics of the network, in chunks of chunkSets sets to bound memory. */
    static RankingMetrics evaluate(Sequential net, Backend backend, Precision precision, RankingBatch sets, int chunkSets) {
        int n = sets.n(), size = sets.elementSize();
        RankingMetrics total = null;
        for (int s0 = 0; s0 < sets.sets(); s0 += chunkSets) {
            int count = Math.min(chunkSets, sets.sets() - s0);
            double[] images = java.util.Arrays.copyOfRange(sets.images(), s0 * n * size, (s0 + count) * n * size);
            try (Tensor x = Tensor.upload(backend, precision, images, count * n, sets.channels(), sets.height(), sets.width())) {
                double[] scores = net.forward(x).toHost();
                RankingMetrics part = RankingMetrics.of(scores,
                        java.util.Arrays.copyOfRange(sets.ranks(), s0 * n, (s0 + count) * n), count, n);
                total = total == null ? part : total.merge(part);
            }
        }
        return total;
    }

    /** Loss and gradients of one minibatch; the optimizer may call it again after moving the parameters. */
    private static final class MinibatchObjective implements Objective, AutoCloseable {
        private final Sequential net;
        private final BatchLoss loss;
        private final Tensor images;
        private final DeviceBuffer ranks;
        private final Tensor gradient;
        private final int sets;
        private final int n;

        MinibatchObjective(Sequential net, BatchLoss loss, Backend backend, Precision precision, RankingBatch batch) {
            this.net = net;
            this.loss = loss;
            this.sets = batch.sets();
            this.n = batch.n();
            this.images = Tensor.upload(backend, precision, batch.images(), batch.imageShape());
            this.ranks = backend.upload(batch.ranks());
            this.gradient = Tensor.allocate(backend, precision, sets * n, 1);
        }

        @Override
        public double evaluate() {
            net.zeroGradients();
            Tensor scores = net.forward(images);
            double value = loss.evaluate(scores.buffer(), ranks, sets, n, gradient.buffer());
            net.backward(gradient);
            return value;
        }

        @Override
        public double hessianVectorProduct(List<Tensor> direction, List<Tensor> out) {
            if (!(loss instanceof CurvedBatchLoss curved))
                throw new UnsupportedOperationException("hessianVectorProduct: the loss is not a CurvedBatchLoss");
            return HessianVectorProduct.compute(net, images, new OutputLoss() {
                @Override
                public double gradient(Tensor y, Tensor g) {
                    return curved.evaluate(y.buffer(), ranks, sets, n, g.buffer());
                }

                @Override
                public void hessianVectorProduct(Tensor y, Tensor v, Tensor o) {
                    curved.hessianVectorProduct(y.buffer(), ranks, sets, n, v.buffer(), o.buffer());
                }
            }, direction, out);
        }

        @Override
        public void close() {
            images.close();
            ranks.close();
            gradient.close();
        }
    }
}
