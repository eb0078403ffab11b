package org.newton4j.train;

/** One row of a training curve: the mean training loss since the previous row and the test metrics after {@code step}. */
public record CurvePoint(int step, double trainLoss, double testExactMatch, double testElementwise, double seconds) { }
