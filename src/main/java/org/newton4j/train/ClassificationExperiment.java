package org.newton4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.newton4j.data.LabelledImages;
import org.newton4j.data.MnistFiles;
import org.newton4j.device.Backend;
import org.newton4j.device.Precision;
import org.newton4j.nn.Sequential;
import org.newton4j.nn.Tensor;

/**
 * Image classification for the optimizer experiments (MNIST, Fashion-MNIST): flattened images,
 * standardised with the training split's pixel mean and deviation, minibatches drawn without
 * replacement from a seeded per-epoch shuffle, test accuracy on the first testSamples test images.
 */
public final class ClassificationExperiment implements Experiment<ClassificationConfig, ClassificationResult> {
    public static final List<String> METRICS = List.of("test_accuracy");

    private final LabelledImages train;
    private final LabelledImages test;
    private final double mean;
    private final double deviation;

    public ClassificationExperiment(MnistFiles.Splits data) {
        if (data.train().imageSize() != data.test().imageSize() || data.train().classes() != data.test().classes())
            throw new IllegalArgumentException("classification: train and test images differ in size or classes");
        this.train = data.train();
        this.test = data.test();
        double s = 0, s2 = 0;
        for (byte b : train.pixels()) {
            double v = (b & 0xff) / 255.0;
            s += v;
            s2 += v * v;
        }
        long n = train.pixels().length;
        mean = s / n;
        deviation = Math.max(1e-6, Math.sqrt(Math.max(0, s2 / n - mean * mean)));
    }

    public static ClassificationExperiment fromDirectory(Path directory) throws IOException {
        return new ClassificationExperiment(MnistFiles.read(directory, 10));
    }

    @Override
    public ClassificationResult run(ClassificationConfig c, Backend backend) throws IOException {
        RunSettings s = c.settings();
        Precision precision = s.precision();
        int features = train.imageSize(), classes = train.classes();
        SplittableRandom rng = new SplittableRandom(s.seed());
        long initSeed = rng.nextLong();
        EpochOrder order = new EpochOrder(train.count(), rng);
        double[] accuracy = {Double.NaN};
        int testCount = Math.min(s.testCount(), test.count());
        int height = train.height(), width = train.width();
        try (Sequential net = c.network().build(backend, precision, height, width, classes, initSeed)) {
            TrainingLoop.Outcome o = TrainingLoop.run(net, backend, precision, step -> {
                double[] x = new double[s.batchSize() * features];
                int[] labels = new int[s.batchSize()];
                for (int i = 0; i < s.batchSize(); i++) {
                    int img = order.next();
                    copyImage(train, img, x, i * features);
                    labels[i] = train.labels()[img];
                }
                return new TrainingLoop.Minibatch(x, c.network().inputShape(s.batchSize(), height, width), labels, s.batchSize(), classes);
            }, s.loss(), s.update(), TrainingLoop.Plan.of(s, METRICS, n -> {
                accuracy[0] = accuracy(n, c.network(), backend, precision, testCount, s.batchSize());
                return new double[] {accuracy[0]};
            }, "classification"));
            return new ClassificationResult(accuracy[0], o.lastLoss(), o.curve(), s.steps(), o.seconds(), backend.kind().toString(),
                    o.csv(), o.plot(), o.checkpoint());
        }
    }

    private void copyImage(LabelledImages images, int img, double[] dst, int offset) {
        int size = images.imageSize();
        for (int p = 0; p < size; p++) dst[offset + p] = ((images.pixels()[img * size + p] & 0xff) / 255.0 - mean) / deviation;
    }

    /** Fraction of the first count test images whose largest logit is the label. */
    private double accuracy(Sequential net, ClassifierNetwork shape, Backend backend, Precision precision, int count, int chunk) {
        int features = test.imageSize(), classes = test.classes(), right = 0;
        for (int s = 0; s < count; s += chunk) {
            int m = Math.min(chunk, count - s);
            double[] x = new double[m * features];
            for (int i = 0; i < m; i++) copyImage(test, s + i, x, i * features);
            try (Tensor t = Tensor.upload(backend, precision, x, shape.inputShape(m, test.height(), test.width()))) {
                double[] logits = net.forward(t).toHost();
                for (int i = 0; i < m; i++) {
                    int best = 0;
                    for (int k = 1; k < classes; k++) if (logits[i * classes + k] > logits[i * classes + best]) best = k;
                    if (best == test.labels()[s + i]) right++;
                }
            }
        }
        return (double) right / count;
    }
}
