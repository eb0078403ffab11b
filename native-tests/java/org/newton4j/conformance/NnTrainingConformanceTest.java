package org.newton4j.conformance;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newton4j.data.MnistFiles;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.loss.SoftmaxCrossEntropy;
import org.newton4j.train.BatchLoss;
import org.newton4j.train.ClassificationConfig;
import org.newton4j.train.ClassificationExperiment;
import org.newton4j.train.ClassificationResult;
import org.newton4j.train.ClassifierNetwork;
import org.newton4j.train.RankingExperimentTestAccess;

/** A few training steps on a native backend follow the CPU run: same seed, same losses step by step. */
class NnTrainingConformanceTest {
    private static List<NativeBackend> backends;

    @BeforeAll
    static void open() { backends = NativeBackends.openOrSkip(); }

    @AfterAll
    static void close() { NativeBackends.closeAll(backends); }

    @Test
    void classificationStepsMatchTheCpu() throws IOException {
        ClassificationExperiment e = new ClassificationExperiment(new MnistFiles.Splits(
                RankingExperimentTestAccess.fakeDigits(20, 1), RankingExperimentTestAccess.fakeDigits(5, 2)));
        for (ClassifierNetwork net : new ClassifierNetwork[] {new ClassifierNetwork(new int[] {16, 8}, "tanh"),
                                                              new ClassifierNetwork("lenet", new int[0], "relu")})
            for (Precision p : Precision.values()) {
                ClassificationConfig c = ClassificationConfig.defaults(BatchLoss.meanOf(new SoftmaxCrossEntropy(10)))
                        .withNetwork(net).withSteps(3).withBatchSize(8).withEvaluation(1, 20).withProgress(false).withPrecision(p);
                if (net.architecture().equals("lenet")) e = upscaled();
                ClassificationResult cpu = e.run(c, CpuBackend.shared());
                for (NativeBackend b : backends) {
                    if (!b.supports(p)) continue;
                    ClassificationResult dev = e.run(c, b);
                    double[] lc = cpu.curve().stream().mapToDouble(x -> x.trainLoss()).toArray();
                    double[] ld = dev.curve().stream().mapToDouble(x -> x.trainLoss()).toArray();
                    Agreement.assertClose(net.architecture() + " training losses (" + b.kind() + ", " + p + ")", lc, ld,
                            p == Precision.F32 ? 1e-3 : 1e-9);
                }
            }
    }

    /** LeNet needs at least 12×12 images: the fake 8×8 digits scaled up twice. */
    private static ClassificationExperiment upscaled() {
        return new ClassificationExperiment(new MnistFiles.Splits(up(RankingExperimentTestAccess.fakeDigits(20, 1)),
                up(RankingExperimentTestAccess.fakeDigits(5, 2))));
    }

    private static org.newton4j.data.LabelledImages up(org.newton4j.data.LabelledImages im) {
        byte[] px = new byte[im.count() * 256];
        for (int i = 0; i < im.count(); i++)
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 16; x++) px[(i * 16 + y) * 16 + x] = (byte) im.pixel(i, y / 2, x / 2);
        return new org.newton4j.data.LabelledImages(im.count(), 16, 16, px, im.labels(), 10);
    }
}
