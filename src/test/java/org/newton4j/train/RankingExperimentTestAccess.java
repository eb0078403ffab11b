package org.newton4j.train;

import org.newton4j.data.LabelledImages;

/** Lets tests of other packages reuse the fake digit pools. */
public final class RankingExperimentTestAccess {
    private RankingExperimentTestAccess() { }

    public static LabelledImages fakeDigits(int perClass, long seed) { return RankingExperimentTest.fakeDigits(perClass, seed); }
}
