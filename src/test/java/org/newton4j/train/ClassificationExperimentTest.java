package org.newton4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newton4j.data.MnistFiles;
import org.newton4j.nn.Checkpoint;

class ClassificationExperimentTest {
    @TempDir
    Path out;

    private static ClassificationExperiment fake() {
        return new ClassificationExperiment(new MnistFiles.Splits(RankingExperimentTest.fakeDigits(20, 1),
                RankingExperimentTest.fakeDigits(10, 2)));
    }

    private static ClassificationConfig tiny() {
        return ClassificationConfig.defaults(new SoftmaxCrossEntropyLoss()).withNetwork(new ClassifierNetwork(new int[] {16, 12}, "tanh"))
                .withBatchSize(16).withEvaluation(1, 50).withProgress(false);
    }

    @Test
    void twoStepSmokeRunWritesFiles() throws IOException {
        ClassificationResult r = fake().run(tiny().withSteps(2).withOutput(out, "mlp"));
        assertEquals(2, r.curve().size());
        assertEquals("step,train_loss,test_accuracy,seconds", Files.readAllLines(r.csv()).get(0));
        assertTrue(Files.size(r.plot()) > 1000);
        assertTrue(Checkpoint.load(r.checkpoint()).entries().containsKey("4.weight"));
    }

    @Test
    void learnsFakeDigitsAndIsReproducible() throws IOException {
        ClassificationConfig c = tiny().withSteps(150).withLearningRate(0.05).withEvaluation(150, 100);
        ClassificationResult a = fake().run(c), b = fake().run(c);
        assertEquals(a.finalTrainLoss(), b.finalTrainLoss(), 0.0);
        // chance is 10 %; brightness separates the classes
        assertTrue(a.testAccuracy() > 0.5, "test accuracy " + a.testAccuracy());
    }

    @Test
    void referenceNetworkShapeAndBadSettings() {
        try (var net = ClassifierNetwork.REFERENCE.build(org.newton4j.device.cpu.CpuBackend.shared(),
                org.newton4j.device.Precision.F32, 784, 10, 1)) {
            assertEquals(784 * 1024 + 1024 + 1024 * 200 + 200 + 200 * 100 + 100 + 100 * 10 + 10, net.parameterCount());
        }
        assertThrows(IllegalArgumentException.class, () -> new ClassifierNetwork(new int[] {0}, "tanh"));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierNetwork(new int[] {3}, "sigmoid"));
        assertThrows(IllegalArgumentException.class, () -> tiny().withBatchSize(0));
    }
}
