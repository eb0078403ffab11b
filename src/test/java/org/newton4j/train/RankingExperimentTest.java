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
import org.newton4j.loss.Curvature;
import org.newton4j.loss.IndefinitePolicy;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.Scope;
import org.newton4j.nn.Checkpoint;
import org.newton4j.sort.RankingLoss;

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

    static RankingExperiment fakeExperiment() { // also used by OptimizerUpdateTest
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
    void aNewtonRunReportsHowFarItMovedTheUpdateAndAPlainRunDoesNot() throws IOException {
        RankingExperiment e = fakeExperiment();
        assertTrue(e.run(tiny().withSteps(2)).newtonAlignment().isEmpty(), "a plain loss has nothing to compare");
        double[] cosines = new double[2];
        double[] lambdas = {1e6, 1e-3};
        for (int i = 0; i < 2; i++) {
            BatchLoss newton = BatchLoss.newton(NewtonLoss.of(RankingLoss.neuralSort(1).asLoss(5)).curvature(Curvature.HESSIAN)
                    .scope(Scope.SAMPLE).lambda(lambdas[i]).policy(IndefinitePolicy.ABS_EIGEN).build());
            cosines[i] = e.run(tiny().withLoss(newton).withSteps(2)).newtonAlignment().orElseThrow();
        }
        assertTrue(cosines[0] > 0.9999, "λ far above the curvature: the plain update rescaled, got " + cosines[0]);
        assertTrue(cosines[1] < cosines[0] && cosines[1] >= -1, "a small λ lets the curvature turn the update, got " + cosines[1]);
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

    /** What the network's parameters are when the first step begins, by name. */
    private static java.util.Map<String, double[]> parametersAtFirstStep(RankingExperiment e, RankingConfig c) throws IOException {
        java.util.Map<String, double[]> seen = new java.util.LinkedHashMap<>();
        ParameterUpdate recorder = new ParameterUpdate() {
            @Override
            public void step(List<org.newton4j.nn.Parameter> ps, Objective objective, double loss) {
                if (seen.isEmpty()) for (var p : ps) seen.put(p.name(), p.value().toHost());
            }

            @Override
            public String name() { return "recorder"; }
        };
        e.run(c.withOptimizer(recorder));
        return seen;
    }

    @Test
    void aWarmStartBeginsAtTheCheckpointsParameters() throws IOException {
        RankingExperiment e = fakeExperiment();
        Path ckpt = e.run(tiny().withSteps(3).withSeed(1).withOutput(out, "base")).checkpoint();
        Checkpoint base = Checkpoint.load(ckpt);
        var warm = parametersAtFirstStep(e, tiny().withSteps(1).withSeed(2).withInitialParameters(ckpt));
        var cold = parametersAtFirstStep(e, tiny().withSteps(1).withSeed(2));
        assertEquals(base.entries().keySet().stream().filter(k -> !k.startsWith("optimizer.")).toList(), List.copyOf(warm.keySet()));
        for (String name : warm.keySet()) {
            assertArrayEquals(base.get(name).values(), warm.get(name), 0.0, name);
            if (name.endsWith("weight"))
                assertTrue(!java.util.Arrays.equals(base.get(name).values(), cold.get(name)), name + ": a cold start draws its own");
        }
    }

    @Test
    void aWarmStartFromAnUnfitCheckpointSaysWhy() throws IOException {
        RankingExperiment e = fakeExperiment();
        Path other = e.run(tiny().withNetwork(new RankingNetwork(2, 3, 5)).withSteps(1).withOutput(out, "other")).checkpoint();
        var shape = assertThrows(IllegalArgumentException.class, () -> e.run(tiny().withSteps(1).withInitialParameters(other)));
        assertTrue(shape.getMessage().startsWith("initial parameters " + other + " do not fit this network: checkpoint: entry"),
                shape.getMessage());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> e.run(tiny().withSteps(1).withInitialParameters(out.resolve("none.ckpt"))));
        assertEquals("initial parameters: no such file " + out.resolve("none.ckpt"), missing.getMessage());
        Path cut = out.resolve("cut.ckpt");
        byte[] whole = Files.readAllBytes(other);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        var truncated = assertThrows(IllegalArgumentException.class, () -> e.run(tiny().withSteps(1).withInitialParameters(cut)));
        assertEquals("initial parameters: " + cut + " is truncated", truncated.getMessage());
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

    /** The optimizer seam's exact HVP agrees with central differences of the objective's gradients. */
    @Test
    void objectiveHessianVectorProductMatchesFiniteDifferences() throws IOException {
        boolean[] checked = {false};
        ParameterUpdate probe = new ParameterUpdate() {
            @Override
            public void step(List<org.newton4j.nn.Parameter> ps, Objective objective, double loss) {
                if (checked[0]) return;
                checked[0] = true;
                var cpu = org.newton4j.device.cpu.CpuBackend.shared();
                var p64 = org.newton4j.device.Precision.F64;
                SplittableRandom rng = new SplittableRandom(3);
                List<org.newton4j.nn.Tensor> v = new java.util.ArrayList<>(), out = new java.util.ArrayList<>();
                List<double[]> vh = new java.util.ArrayList<>(), theta = new java.util.ArrayList<>();
                for (var p : ps) {
                    double[] d = new double[p.size()];
                    for (int i = 0; i < d.length; i++) d[i] = 2 * rng.nextDouble() - 1;
                    vh.add(d);
                    theta.add(p.value().toHost());
                    v.add(org.newton4j.nn.Tensor.upload(cpu, p64, d, p.value().shape()));
                    out.add(org.newton4j.nn.Tensor.allocate(cpu, p64, p.value().shape()));
                }
                assertEquals(loss, objective.hessianVectorProduct(v, out), 1e-12);
                double h = 1e-6;
                List<double[]> plus = gradientsAt(ps, objective, theta, vh, h), minus = gradientsAt(ps, objective, theta, vh, -h);
                for (int k = 0; k < ps.size(); k++) {
                    double[] an = out.get(k).toHost();
                    double num = 0, den = 0;
                    for (int i = 0; i < an.length; i++) {
                        double fd = (plus.get(k)[i] - minus.get(k)[i]) / (2 * h);
                        num += (fd - an[i]) * (fd - an[i]);
                        den += fd * fd;
                    }
                    // the last bias shifts every score alike, which a ranking loss cannot see: its HVP is 0
                    double rel = Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-9);
                    assertTrue(rel < 1e-5, ps.get(k).name() + ": relative error " + rel);
                }
            }

            @Override
            public String name() { return "hvp-probe"; }
        };
        fakeExperiment().run(tiny().withSteps(1).withOptimizer(probe));
        assertTrue(checked[0]);
    }

    private static List<double[]> gradientsAt(List<org.newton4j.nn.Parameter> ps, Objective objective, List<double[]> theta,
                                              List<double[]> v, double h) {
        for (int k = 0; k < ps.size(); k++) {
            double[] t = theta.get(k).clone();
            for (int i = 0; i < t.length; i++) t[i] += h * v.get(k)[i];
            ps.get(k).value().backend().write(ps.get(k).value().buffer(), 0, t, 0, t.length);
        }
        objective.evaluate();
        List<double[]> g = new java.util.ArrayList<>();
        for (int k = 0; k < ps.size(); k++) {
            g.add(ps.get(k).gradient().toHost());
            ps.get(k).value().backend().write(ps.get(k).value().buffer(), 0, theta.get(k), 0, theta.get(k).length);
        }
        return g;
    }

    @Test
    void objectiveWithoutCurvatureSaysSo() throws IOException {
        BatchLoss plain = new PairwiseLogisticLoss()::evaluate;
        ParameterUpdate probe = new ParameterUpdate() {
            @Override
            public void step(List<org.newton4j.nn.Parameter> ps, Objective objective, double loss) {
                assertThrows(UnsupportedOperationException.class, () -> objective.hessianVectorProduct(List.of(), List.of()));
            }

            @Override
            public String name() { return "probe"; }
        };
        fakeExperiment().run(tiny().withSteps(1).withLoss(plain).withOptimizer(probe));
    }

    /** float32 on the CPU (rounded like a float32 device) trains to nearly the same first steps as float64. */
    @Test
    void float32RunAgreesWithFloat64() throws IOException {
        RankingExperiment e = fakeExperiment();
        RankingResult f64 = e.run(tiny().withSteps(2));
        RankingResult f32 = e.run(tiny().withSteps(2).withPrecision(org.newton4j.device.Precision.F32));
        assertEquals(f64.finalTrainLoss(), f32.finalTrainLoss(), 1e-4 * Math.abs(f64.finalTrainLoss()));
        assertTrue(f64.finalTrainLoss() != f32.finalTrainLoss(), "float32 rounding is applied");
    }
}
