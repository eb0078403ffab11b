package org.newton4j.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What a ranking run produced: final test metrics, the curve, timing, and the files written
 * (null when the config had no output directory).
 */
public record RankingResult(RankingMetrics test, double finalTrainLoss, List<CurvePoint> curve, int steps,
                            double seconds, String backend, Path csv, Path plot, Path checkpoint) implements TrainingResult {
    public double exactMatch() { return test.exactMatch(); }

    public double elementwise() { return test.elementwise(); }
}
