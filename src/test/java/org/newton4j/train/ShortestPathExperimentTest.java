package org.newton4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newton4j.data.NpyArray;
import org.newton4j.data.WarcraftMaps;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.nn.Sequential;
import org.newton4j.nn.Tensor;
import org.newton4j.path.ShortestPath;

class ShortestPathExperimentTest {
    @TempDir
    Path dir;

    /** 6×6 grids at 2 pixels per cell keep a full 36×36 Hessian per map cheap. */
    private static final ShortestPathExperiment SMALL = ShortestPathExperiment.generated(12, 5, 6, 2);

    private static ShortestPathConfig twoSteps(PathLossSpec spec) {
        return ShortestPathConfig.defaults(spec.create(6)).withSteps(2).withBatchSize(3).withEvaluation(1, 5)
                .withNetwork(new PathNetwork(3, 4)).withLearningRate(0.01).withProgress(false);
    }

    private static void assertSane(ShortestPathResult r, String what) {
        assertEquals(2, r.curve().size(), what);
        assertTrue(Double.isFinite(r.finalTrainLoss()) && r.finalTrainLoss() >= 0, what + ": loss " + r.finalTrainLoss());
        assertEquals(5, r.test().maps(), what);
        assertTrue(r.exactMatch() >= 0 && r.exactMatch() <= 1, what + ": exact " + r.exactMatch());
        assertTrue(r.regret() >= -1e-12 && Double.isFinite(r.regret()), what + ": regret " + r.regret());
    }

    @Test
    void everyMethodTrainsTwoStepsPlainAndAsNewtonLoss() throws IOException {
        for (String method : PathLossSpec.METHODS)
            for (String newton : new String[] {"none", "hessian"}) {
                PathLossSpec spec = PathLossSpec.defaults().withMethod(method).withNewton(newton, 1, "batch").withSampling(4, 0.5);
                assertSane(SMALL.run(twoSteps(spec)), method + "/" + newton);
            }
        PathLossSpec fisher = PathLossSpec.defaults().withNewton("fisher", 0.5, "sample");
        assertSane(SMALL.run(twoSteps(fisher)), "fisher/sample");
        PathLossSpec absEigen = PathLossSpec.defaults().withNewton("hessian", 0.01, "sample").withPolicy("abs-eigen");
        assertSane(SMALL.run(twoSteps(absEigen)), "hessian/sample/abs-eigen");
    }

    @Test
    void aNewtonRunReportsHowFarItMovedTheUpdateAndAPlainRunDoesNot() throws IOException {
        assertTrue(SMALL.run(twoSteps(PathLossSpec.defaults())).newtonAlignment().isEmpty(), "a plain loss has nothing to compare");
        PathLossSpec hessian = PathLossSpec.defaults().withPolicy("abs-eigen");
        double large = SMALL.run(twoSteps(hessian.withNewton("hessian", 1e6, "sample"))).newtonAlignment().orElseThrow();
        double small = SMALL.run(twoSteps(hessian.withNewton("hessian", 1e-3, "sample"))).newtonAlignment().orElseThrow();
        assertTrue(large > 0.9999, "λ far above the curvature: the plain update rescaled, got " + large);
        assertTrue(small < large && small >= -1, "a small λ lets the curvature turn the update, got " + small);
        // a stochastic method's Newton loss is wrapped to reseed its draws; the wrapper still reports it
        PathLossSpec stochastic = PathLossSpec.defaults().withMethod("smooth_loss").withSampling(4, 0.5).withNewton("hessian", 1e6, "batch");
        double wrapped = SMALL.run(twoSteps(stochastic)).newtonAlignment().orElseThrow();
        assertTrue(wrapped > 0.9999, "same draws in both evaluations, so λ = 1e6 gives the plain update, got " + wrapped);
    }

    @Test
    void writesCurvesPlotAndCheckpoint() throws IOException {
        ShortestPathResult r = SMALL.run(twoSteps(PathLossSpec.defaults()).withOutput(dir, "rbf"));
        for (Path p : List.of(r.csv(), r.plot(), r.checkpoint())) assertTrue(Files.size(p) > 0, p.toString());
        List<String> csv = Files.readAllLines(r.csv());
        assertTrue(csv.get(0).contains("test_exact_path") && csv.get(0).contains("test_regret"), csv.get(0));
        assertEquals(3, csv.size());
    }

    @Test
    void reproducibleFromTheSeed() throws IOException {
        for (String method : new String[] {"relaxed_bellman_ford", "smooth_loss"}) {
            PathLossSpec spec = PathLossSpec.defaults().withMethod(method).withSampling(4, 0.5);
            ShortestPathResult a = SMALL.run(twoSteps(spec).withSeed(5)), b = SMALL.run(twoSteps(spec).withSeed(5));
            ShortestPathResult c = SMALL.run(twoSteps(spec.withSeed(1)).withSeed(6));
            for (int i = 0; i < 2; i++) {
                assertEquals(a.curve().get(i).trainLoss(), b.curve().get(i).trainLoss(), 0.0, method);
                assertArrayEquals(a.curve().get(i).test(), b.curve().get(i).test(), 0.0, method);
            }
            assertFalse(a.curve().get(0).trainLoss() == c.curve().get(0).trainLoss(), method + ": another seed, another run");
        }
    }

    @Test
    void aResumedStochasticRunDrawsThePerturbationsTheUninterruptedRunWould() throws IOException {
        PathLossSpec spec = PathLossSpec.defaults().withMethod("smooth_loss").withSampling(4, 0.5);
        // a fresh loss for every run (its draw counter is state), as the command line builds one
        java.util.function.BiFunction<Integer, String, ShortestPathConfig> config = (steps, d) -> twoSteps(spec).withSteps(steps)
                .withEvaluation(2, 5).withSeed(4).withOutput(dir.resolve(d), "run");
        ShortestPathResult whole = SMALL.run(config.apply(4, "whole"));
        ShortestPathResult first = SMALL.run(config.apply(2, "parts"));
        ShortestPathResult rest = SMALL.run(config.apply(4, "parts").withStart(RunStart.resume(first.checkpoint())));
        RankingExperimentTest.assertSameCurve(whole.curve(), rest.curve());
        RankingExperimentTest.assertSameCheckpoint(whole.checkpoint(), rest.checkpoint());
        assertArrayEquals(new double[] {4}, org.newton4j.nn.Checkpoint.load(rest.checkpoint()).get("loss.draws").values(), 0.0,
                "one draw per step with SGD");
    }

    @Test
    void metricsCompareTheSolversPathWithTheTruth() {
        int side = 3;
        double[] truth = new double[9];
        java.util.Arrays.fill(truth, 1);
        truth[4] = 9;    // the centre is expensive: the best path goes around it
        double[] truePath = new ShortestPath(side, side).solve(truth, Precision.F64);
        assertEquals(0, truePath[4]);
        PathMetrics right = PathMetrics.of(truth.clone(), truth, truePath, side);
        assertEquals(1, right.exactMatch());
        assertEquals(0, right.regret(), 0);
        double[] wrong = new double[9];
        java.util.Arrays.fill(wrong, 5);
        wrong[4] = 1;    // predicts a cheap centre: the diagonal 0 → 4 → 8
        PathMetrics bad = PathMetrics.of(wrong, truth, truePath, side);
        assertEquals(0, bad.exactMatch());
        double best = 0;
        for (int v = 0; v < 9; v++) best += truth[v] * truePath[v];
        assertEquals((1 + 9 + 1 - best) / best, bad.regret(), 1e-12);
        PathMetrics both = right.merge(bad);
        assertEquals(2, both.maps());
        assertEquals(0.5, both.exactMatch());
        assertThrows(IllegalArgumentException.class, () -> PathMetrics.of(new double[9], truth, new double[8], side));
    }

    @Test
    void networkGivesPositiveCostsPerCellAndRejectsOddImageSizes() {
        CpuBackend cpu = CpuBackend.shared();
        for (int tile : new int[] {1, 2, 4}) {
            int image = 5 * tile;
            try (Sequential net = PathNetwork.SMALL.build(cpu, Precision.F64, image, 5, 3);
                 Tensor x = Tensor.upload(cpu, Precision.F64, WarcraftMaps.generate(2, 5, tile, 1).imagesChannelsFirst(), 2, 3, image, image)) {
                double[] costs = net.forward(x).toHost();
                assertEquals(2 * 25, costs.length, "tile " + tile);
                for (double c : costs) assertTrue(c > 0 && Double.isFinite(c), "tile " + tile + ": cost " + c);
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> PathNetwork.SMALL.build(cpu, Precision.F64, 15, 5, 3));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PathNetwork(0, 3));
    }

    @Test
    void trainsOnThePublishedArrayLayout() throws IOException {
        for (String split : new String[] {"train", "test"}) {
            WarcraftMaps g = WarcraftMaps.generate(4, 6, 2, split.length());
            double[] pixels = new double[g.images().length];
            for (int i = 0; i < pixels.length; i++) pixels[i] = g.images()[i] & 0xff;
            new NpyArray(new int[] {4, 12, 12, 3}, "|u1", pixels).write(dir.resolve(split + "_maps.npy"));
            new NpyArray(new int[] {4, 6, 6}, "<f4", g.costs()).write(dir.resolve(split + "_vertex_weights.npy"));
        }
        ShortestPathExperiment e = ShortestPathExperiment.fromDirectory(dir);
        assertEquals(6, e.side());
        assertEquals(4, e.testMaps());
        ShortestPathResult r = e.run(twoSteps(PathLossSpec.defaults()).withEvaluation(1, 10));
        assertEquals(4, r.test().maps());
    }

    @Test
    void lossSpecNamesTheBadOption() {
        PathLossSpec d = PathLossSpec.defaults();
        Object[][] cases = {
                {d.withMethod("dijkstra"), "--method"}, {d.withNewton("bfgs", 1, "batch"), "--newton"},
                {d.withNewton("hessian", 0, "batch"), "--lambda"}, {d.withNewton("hessian", 1, "global"), "--scope"},
                {d.withPolicy("clip"), "--policy"},
                {d.withRelaxation(-1, 0, "probabilistic"), "--beta"}, {d.withRelaxation(10, -2, "probabilistic"), "--iterations"},
                {d.withRelaxation(10, 0, "lukasiewicz"), "--tconorm"}, {d.withLoss("huber"), "--loss"},
                {d.withMethod("smooth_loss").withSampling(1, 0.5), "--samples"},
                {d.withMethod("smooth_loss").withSampling(10, Double.NaN), "--epsilon"}};
        for (Object[] c : cases) {
            var e = assertThrows(IllegalArgumentException.class, () -> ((PathLossSpec) c[0]).create(6), c[1].toString());
            assertTrue(e.getMessage().startsWith(c[1] + ":"), e.getMessage());
        }
    }
}
