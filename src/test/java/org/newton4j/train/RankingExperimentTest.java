package org.newton4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newton4j.data.LabelledImages;
import org.newton4j.data.MnistFiles;
import org.newton4j.nn.Checkpoint;

class RankingExperimentTest {
    @TempDir
    Path out;

    /** 8×8 fake digits whose brightness grows with the class, plus noise: learnable in a few dozen steps. */
    static LabelledImages fakeDigits(int perClass, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int count = 10 * perClass, size = 64;
        byte[] pixels = new byte[count * size];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
            for (int p = 0; p < size; p++)
                pixels[i * size + p] = (byte) Math.min(255, 20 * labels[i] + rng.nextInt(30));
        }
        return new LabelledImages(count, 8, 8, pixels, labels, 10);
    }

    static RankingExperiment fakeExperiment() {
        return new RankingExperiment(new MnistFiles.Splits(fakeDigits(5, 1), fakeDigits(3, 2)));
    }

    static RankingConfig tiny() {
        return RankingConfig.defaults(new PairwiseLogisticLoss()).withNetwork(new RankingNetwork(2, 3, 4))
                .withBatchSize(3).withEvaluation(1, 10).withProgress(false);
    }

    @Test
    void twoStepSmokeRunWritesCurvesPlotAndCheckpoint() throws IOException {
        RankingResult r = fakeExperiment().run(tiny().withSteps(2).withOutput(out, "smoke"));
        assertEquals(2, r.curve().size());
        assertEquals(List.of(1, 2), r.curve().stream().map(CurvePoint::step).toList());
        List<String> csv = Files.readAllLines(r.csv());
        assertEquals("step,train_loss,test_exact_match,test_elementwise,seconds", csv.get(0));
        assertEquals(3, csv.size());
        assertTrue(Files.size(r.plot()) > 1000, "PNG written");
        byte[] png = Files.readAllBytes(r.plot());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        Checkpoint ck = Checkpoint.load(r.checkpoint());
        assertTrue(ck.entries().containsKey("0.weight") && ck.entries().containsKey("9.bias"), ck.entries().keySet().toString());
        assertTrue(ck.entries().containsKey("optimizer.0.weight.velocity"), "optimizer state saved");
        assertTrue(r.exactMatch() >= 0 && r.exactMatch() <= 1 && r.elementwise() >= r.exactMatch());
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() throws IOException {
        RankingExperiment e = fakeExperiment();
        RankingResult a = e.run(tiny().withSteps(2).withSeed(5)), b = e.run(tiny().withSteps(2).withSeed(5));
        RankingResult c = e.run(tiny().withSteps(2).withSeed(6));
        assertEquals(a.finalTrainLoss(), b.finalTrainLoss(), 0.0);
        assertEquals(a.test(), b.test());
        assertTrue(a.finalTrainLoss() != c.finalTrainLoss());
    }

    @Test
    void learnsToRankFakeDigits() throws IOException {
        RankingResult r = fakeExperiment().run(tiny().withSteps(60).withLearningRate(0.05).withBatchSize(4)
                .withEvaluation(60, 40));
        // chance level for n = 5 is 20 % element-wise; the brightness cue is easy
        assertTrue(r.elementwise() > 0.6, "element-wise rank accuracy " + r.elementwise());
    }

    @Test
    void customUpdateIsCalledWithAWorkingObjective() throws IOException {
        int[] calls = {0};
        ParameterUpdate probe = new ParameterUpdate() {
            @Override
            public void step(List<org.newton4j.nn.Parameter> ps, Objective objective, double loss) {
                calls[0]++;
                assertEquals(loss, objective.evaluate(), 1e-12, "re-evaluation at unchanged parameters");
            }

            @Override
            public String name() { return "probe"; }
        };
        fakeExperiment().run(tiny().withSteps(3).withOptimizer(probe));
        assertEquals(3, calls[0]);
    }

    @Test
    void badSettingsNameTheArgument() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tiny().withN(1)).getMessage().startsWith("n must"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tiny().withLearningRate(-1)).getMessage().contains("learning rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tiny().withLearningRate(Double.NaN)).getMessage().contains("learning rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tiny().withSteps(0)).getMessage().contains("steps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tiny().withOutput(out, "a/b")).getMessage().contains("label"));
        assertThrows(IllegalArgumentException.class, () -> new SgdMomentum(0.1, 1.0));
    }

    @Test
    void divergenceIsReportedNotHidden() {
        BatchLoss nan = (y, t, rows, cols, g) -> Double.NaN;
        var e = assertThrows(ArithmeticException.class, () -> fakeExperiment().run(tiny().withLoss(nan).withSteps(2)));
        assertTrue(e.getMessage().contains("diverged at step 1"), e.getMessage());
    }
}
