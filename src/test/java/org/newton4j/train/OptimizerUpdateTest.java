package org.newton4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.newton4j.optim.Adam;
import org.newton4j.optim.Alice;
import org.newton4j.optim.GroupedNewton;
import org.newton4j.optim.Sgd;

/** The optimizers of org.newton4j.optim run behind the trainers' ParameterUpdate seam. */
class OptimizerUpdateTest {
    private static RankingConfig tiny() { return RankingExperimentTest.tiny().withEvaluation(100, 10); }

    @Test
    void optimSgdMatchesTheDefaultSgdStepForStep() throws IOException {
        RankingExperiment e = RankingExperimentTest.fakeExperiment();
        RankingResult mine = e.run(tiny().withSteps(5).withOptimizer(new SgdMomentum(0.02, 0.9)));
        int[] evaluations = {0};
        RankingResult theirs = e.run(tiny().withSteps(5).withOptimizer(new OptimizerUpdate("optim-sgd",
                (params, oracles, current) -> Sgd.<Objective>builder(params, (at, batch, g) -> {
                    evaluations[0]++;
                    return oracles.gradient().gradient(at, batch, g);
                }).lr(0.02).momentum(0.9).build())));
        assertEquals(mine.finalTrainLoss(), theirs.finalTrainLoss(), 1e-12);
        assertEquals(5, evaluations[0], "one gradient per step, the trainer's own evaluation reused");
    }

    @Test
    void adamAliceAndGroupedNewtonTrainWithoutError() throws IOException {
        RankingExperiment e = RankingExperimentTest.fakeExperiment();
        RankingResult adam = e.run(tiny().withSteps(4).withOptimizer(new OptimizerUpdate("adam",
                (params, oracles, current) -> Adam.builder(params, oracles.gradient()).lr(1e-3).build())));
        assertTrue(Double.isFinite(adam.finalTrainLoss()));
        RankingResult alice = e.run(tiny().withSteps(4).withOptimizer(new OptimizerUpdate("alice",
                (params, oracles, current) -> Alice.builder(params, oracles.gradient()).lr(1e-3).build())));
        assertTrue(Double.isFinite(alice.finalTrainLoss()));
        // GroupedNewton refreshes its per-tensor rates with exact HVPs (R-operator) every 2 steps
        RankingResult gn = e.run(tiny().withSteps(6).withOptimizer(new OptimizerUpdate("grouped-newton",
                (params, oracles, current) -> GroupedNewton.builder(params, oracles, current).period(2).warmupRefreshes(1)
                        .window(1).sgdDirection(1, 0.9).build())));
        assertTrue(Double.isFinite(gn.finalTrainLoss()));
    }
}
