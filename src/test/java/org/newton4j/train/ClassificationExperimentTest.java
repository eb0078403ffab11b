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
    void aResumedAliceRunEndsAsTheUninterruptedRunWouldAcrossAnEpoch() throws IOException {
        // 200 training images in minibatches of 16: the resumed part (steps 7–16) starts a new epoch's shuffle
        java.util.function.BiFunction<Integer, String, ClassificationConfig> config = (steps, d) -> tiny().withSteps(steps).withSeed(2)
                .withEvaluation(2, 50).withOptimizer(org.newton4j.cli.TrainCommand.DEFAULT_OPTIMIZERS.create("alice", 0.01))
                .withOutput(out.resolve(d), "run");
        ClassificationExperiment e = fake();
        ClassificationResult whole = e.run(config.apply(16, "whole"));
        ClassificationResult first = e.run(config.apply(6, "parts"));
        ClassificationResult rest = e.run(config.apply(16, "parts").withStart(RunStart.resume(first.checkpoint())));
        RankingExperimentTest.assertSameCurve(whole.curve(), rest.curve());
        RankingExperimentTest.assertSameCheckpoint(whole.checkpoint(), rest.checkpoint());
    }

    /** Another activation leaves every parameter's shape as it was, so only the run identity's network can tell. */
    @Test
    void aResumeWithAnotherActivationIsRefusedByName() throws IOException {
        ClassificationExperiment e = fake();
        Path ckpt = e.run(tiny().withSteps(2).withOutput(out, "mlp")).checkpoint();
        var relu = assertThrows(IllegalArgumentException.class, () -> e.run(tiny().withSteps(4).withOutput(out, "mlp")
                .withNetwork(new ClassifierNetwork(new int[] {16, 12}, "relu")).withStart(RunStart.resume(ckpt))));
        assertTrue(relu.getMessage().startsWith("resume: " + ckpt + " is another run: network: the checkpoint's run had Sequential("),
                relu.getMessage());
        assertTrue(relu.getMessage().contains("Tanh()") && relu.getMessage().contains("Relu()"), relu.getMessage());
        assertEquals(4, e.run(tiny().withSteps(4).withOutput(out, "mlp").withStart(RunStart.resume(ckpt))).steps());
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
    void lenetTrainsTwoSteps() throws IOException {
        // the fake digits are 8x8: too small for LeNet, so use 16x16 ones
        var big = new MnistFiles.Splits(upscale(RankingExperimentTest.fakeDigits(5, 1)), upscale(RankingExperimentTest.fakeDigits(3, 2)));
        ClassificationResult r = new ClassificationExperiment(big).run(tiny().withNetwork(ClassifierNetwork.LENET).withSteps(2));
        assertEquals(2, r.curve().size());
        assertTrue(Double.isFinite(r.finalTrainLoss()));
    }

    private static org.newton4j.data.LabelledImages upscale(org.newton4j.data.LabelledImages im) {
        byte[] p = new byte[im.count() * 256];
        for (int i = 0; i < im.count(); i++)
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 16; x++) p[(i * 16 + y) * 16 + x] = (byte) im.pixel(i, y / 2, x / 2);
        return new org.newton4j.data.LabelledImages(im.count(), 16, 16, p, im.labels(), 10);
    }

    @Test
    void referenceNetworkShapeAndBadSettings() {
        try (var net = ClassifierNetwork.REFERENCE.build(org.newton4j.device.cpu.CpuBackend.shared(),
                org.newton4j.device.Precision.F32, 28, 28, 10, 1)) {
            assertEquals(784 * 1024 + 1024 + 1024 * 200 + 200 + 200 * 100 + 100 + 100 * 10 + 10, net.parameterCount());
        }
        try (var lenet = ClassifierNetwork.LENET.build(org.newton4j.device.cpu.CpuBackend.shared(),
                org.newton4j.device.Precision.F64, 28, 28, 10, 1)) {
            assertEquals(61706, lenet.parameterCount(), "LeNet-5 on 28x28 (padding 2 in the first conv)");
        }
        assertThrows(IllegalArgumentException.class, () -> new ClassifierNetwork(new int[] {0}, "tanh"));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierNetwork("resnet", new int[0], "tanh"));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierNetwork(new int[] {3}, "sigmoid"));
        assertThrows(IllegalArgumentException.class, () -> tiny().withBatchSize(0));
    }

    /** The Newton-loss seam: cross-entropy from org.newton4j.loss, plain and as a Hessian Newton loss, both learn. */
    @Test
    void crossEntropyAndItsNewtonLossLearn() throws IOException {
        var ce = new org.newton4j.loss.SoftmaxCrossEntropy(10);
        ClassificationConfig c = tiny().withSteps(120).withLearningRate(0.05).withEvaluation(120, 100);
        ClassificationResult plain = fake().run(c.withLoss(BatchLoss.meanOf(ce)));
        ClassificationResult newton = fake().run(c.withLoss(BatchLoss.newton(org.newton4j.loss.NewtonLoss.of(ce)
                .curvature(org.newton4j.loss.Curvature.HESSIAN).scope(org.newton4j.loss.Scope.SAMPLE).lambda(1.0).build())));
        assertTrue(plain.testAccuracy() > 0.5, "cross-entropy accuracy " + plain.testAccuracy());
        assertTrue(newton.testAccuracy() > 0.5, "Newton cross-entropy accuracy " + newton.testAccuracy());
    }
}
