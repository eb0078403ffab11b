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
        var warm = parametersAtFirstStep(e, tiny().withSteps(1).withSeed(2).withStart(RunStart.warm(ckpt)));
        var cold = parametersAtFirstStep(e, tiny().withSteps(1).withSeed(2));
        assertEquals(base.entries().keySet().stream().filter(k -> !k.startsWith("optimizer.") && !k.startsWith("run.")).toList(),
                List.copyOf(warm.keySet()));
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
        var shape = assertThrows(IllegalArgumentException.class, () -> e.run(tiny().withSteps(1).withStart(RunStart.warm(other))));
        assertTrue(shape.getMessage().startsWith("initial parameters " + other + " do not fit this network: checkpoint: entry"),
                shape.getMessage());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> e.run(tiny().withSteps(1).withStart(RunStart.warm(out.resolve("none.ckpt")))));
        assertEquals("initial parameters: no such file " + out.resolve("none.ckpt"), missing.getMessage());
        Path cut = out.resolve("cut.ckpt");
        byte[] whole = Files.readAllBytes(other);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        var truncated = assertThrows(IllegalArgumentException.class, () -> e.run(tiny().withSteps(1).withStart(RunStart.warm(cut))));
        assertEquals("initial parameters: " + cut + " is truncated", truncated.getMessage());
    }

    /** Curves equal but for the clock, which no two runs share. */
    static void assertSameCurve(List<CurvePoint> expected, List<CurvePoint> actual) {
        assertEquals(expected.stream().map(CurvePoint::step).toList(), actual.stream().map(CurvePoint::step).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).trainLoss(), actual.get(i).trainLoss(), 0.0, "training loss at point " + i);
            assertArrayEquals(expected.get(i).test(), actual.get(i).test(), 0.0, "test metrics at point " + i);
        }
    }

    /** Every entry of two checkpoints equal to the last bit: parameters, optimizer and loss state, run position. */
    static void assertSameCheckpoint(Path expected, Path actual) throws IOException {
        Checkpoint a = Checkpoint.load(expected), b = Checkpoint.load(actual);
        assertEquals(a.entries().keySet(), b.entries().keySet());
        for (String name : a.entries().keySet())
            if (!name.equals("run.curve"))   // holds the clock
                assertArrayEquals(a.get(name).values(), b.get(name).values(), 0.0, name);
    }

    @Test
    void aResumedRunEndsAsTheUninterruptedRunWould() throws IOException {
        RankingExperiment e = fakeExperiment();
        // stopped on an evaluation (step 2) and between two (step 3: its own last point must not stay in the curve)
        for (int stop : new int[] {2, 3})
            for (String optimizer : new String[] {"sgd", "adam"})
                assertResumeFromStepMatchesTheWholeRun(e, optimizer, stop);
    }

    /** Six steps evaluated every two, against the same run stopped after {@code stop} steps and resumed. */
    private void assertResumeFromStepMatchesTheWholeRun(RankingExperiment e, String optimizer, int stop) throws IOException {
        // a fresh optimizer for every run, as the command line builds one
        java.util.function.BiFunction<Integer, String, RankingConfig> config = (steps, dir) -> tiny().withEvaluation(2, 10)
                .withSeed(3).withSteps(steps).withOptimizer(org.newton4j.cli.TrainCommand.DEFAULT_OPTIMIZERS.create(optimizer, 0.01))
                .withOutput(out.resolve(optimizer + "-" + dir), "run");
        RankingResult whole = e.run(config.apply(6, "whole"));
        RankingResult first = e.run(config.apply(stop, "parts-" + stop));
        RankingResult rest = e.run(config.apply(6, "parts-" + stop).withStart(RunStart.resume(first.checkpoint())));
        assertSameCurve(whole.curve(), rest.curve());
        assertSameCheckpoint(whole.checkpoint(), rest.checkpoint());
        java.util.function.Function<Path, List<String>> csvWithoutClock = file -> {   // seconds is the last column
            try {
                return Files.readAllLines(file).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
            } catch (IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        };
        assertEquals(4, csvWithoutClock.apply(rest.csv()).size(), "header and the three points of the whole run");
        assertEquals(csvWithoutClock.apply(whole.csv()), csvWithoutClock.apply(rest.csv()), optimizer + ", stopped at " + stop);
    }

    @Test
    void aResumeThatCannotContinueTheRunSaysWhy() throws IOException {
        RankingExperiment e = fakeExperiment();
        Path ckpt = e.run(tiny().withSteps(2).withSeed(1).withOutput(out, "run")).checkpoint();
        var done = assertThrows(IllegalArgumentException.class,
                () -> e.run(tiny().withSteps(2).withSeed(1).withOutput(out, "run").withStart(RunStart.resume(ckpt))));
        assertEquals("resume: " + ckpt + " has already taken 2 steps; ask for more than 2 (steps is the run's total), got 2",
                done.getMessage());
        var seed = assertThrows(IllegalArgumentException.class,
                () -> e.run(tiny().withSteps(4).withSeed(2).withOutput(out, "run").withStart(RunStart.resume(ckpt))));
        assertEquals("resume: " + ckpt + " is another run: seed: the checkpoint's run had 1, this run has 2", seed.getMessage());
        var batch = assertThrows(IllegalArgumentException.class,
                () -> e.run(tiny().withSteps(4).withSeed(1).withBatchSize(4).withOutput(out, "run").withStart(RunStart.resume(ckpt))));
        assertTrue(batch.getMessage().endsWith("is another run: batch-size: the checkpoint's run had 3, this run has 4"), batch.getMessage());
        Path bare = out.resolve("bare.ckpt");
        Checkpoint.load(ckpt).entries().values().stream().filter(x -> !x.name().startsWith("run."))
                .reduce(new Checkpoint(), (k, x) -> k.put(x.name(), x.shape(), x.values()), (a, b) -> a).save(bare);
        var bareRun = assertThrows(IllegalArgumentException.class,
                () -> e.run(tiny().withSteps(4).withSeed(1).withOutput(out, "run").withStart(RunStart.resume(bare))));
        assertTrue(bareRun.getMessage().startsWith("resume: " + bare + " records no run position"), bareRun.getMessage());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> e.run(tiny().withSteps(4).withStart(RunStart.resume(out.resolve("none.ckpt")))));
        assertEquals("resume: no such file " + out.resolve("none.ckpt"), missing.getMessage());
        Path nanStep = out.resolve("nan-step.ckpt");
        Checkpoint.load(ckpt).put("run.step", new int[] {1}, new double[] {Double.NaN}).save(nanStep);
        var corrupt = assertThrows(IllegalArgumentException.class,
                () -> e.run(tiny().withSteps(4).withSeed(1).withOutput(out, "run").withStart(RunStart.resume(nanStep))));
        assertEquals("resume: " + nanStep + " records [NaN] as its step, not one step count >= 0", corrupt.getMessage());
        Path badPending = out.resolve("bad-pending.ckpt");
        Checkpoint.load(ckpt).put("run.pending-loss", new int[] {2}, new double[] {0.5, 3}).save(badPending);
        var pending = assertThrows(IllegalArgumentException.class,
                () -> e.run(tiny().withSteps(4).withSeed(1).withOutput(out, "run").withStart(RunStart.resume(badPending))));
        assertEquals("resume: " + badPending + " records [0.5, 3.0] as its pending training loss, not a finite sum and a count of "
                + "at most 2 steps", pending.getMessage());
    }

    @Test
    void aResumeWithTheLossChangedIsRefusedByName() throws IOException {
        RankingExperiment e = fakeExperiment();
        java.util.function.BiFunction<Double, Integer, RankingConfig> neuralSort = (tau, steps) -> tiny().withSeed(1).withSteps(steps)
                .withLoss(BatchLoss.meanOf(RankingLoss.neuralSort(tau).asLoss(tiny().n()))).withOutput(out, "ns");
        Path ckpt = e.run(neuralSort.apply(1.0, 2)).checkpoint();
        var tau = assertThrows(IllegalArgumentException.class,
                () -> e.run(neuralSort.apply(0.5, 4).withStart(RunStart.resume(ckpt))));
        assertEquals("resume: " + ckpt + " is another run: loss: the checkpoint's run had mean of neuralsort(tau=1.0) on n=5, "
                + "this run has mean of neuralsort(tau=0.5) on n=5", tau.getMessage());
        NewtonLoss hessian = NewtonLoss.of(RankingLoss.neuralSort(1.0).asLoss(tiny().n())).curvature(Curvature.HESSIAN)
                .scope(Scope.SAMPLE).lambda(0.1).build();
        var newton = assertThrows(IllegalArgumentException.class,
                () -> e.run(neuralSort.apply(1.0, 4).withLoss(BatchLoss.newton(hessian)).withStart(RunStart.resume(ckpt))));
        assertTrue(newton.getMessage().endsWith("this run has hessian newton loss (sample, λ=0.1, exact) of neuralsort(tau=1.0) on n=5"),
                newton.getMessage());
        assertEquals(4, e.run(neuralSort.apply(1.0, 4).withStart(RunStart.resume(ckpt))).steps(), "the same loss resumes");
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
