package org.newton4j.train;

/**
 * One row of a training curve: the mean training loss since the previous row and the test metrics
 * after {@code step} (named by the experiment: exact match and element-wise accuracy for ranking,
 * accuracy for classification).
 */
public record CurvePoint(int step, double trainLoss, double[] test, double seconds) {
    public CurvePoint {
        test = test.clone();
    }

    @Override
    public double[] test() { return test.clone(); }

    public double test(int metric) { return test[metric]; }
}
