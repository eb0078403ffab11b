package org.newton4j.train;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What a shortest-path run produced: final test metrics, the curve, timing, the files written (null when
 * the config had no output directory) and, for a Newton loss, how far it moved the trained network's update
 * from the plain loss's on the first test maps ({@link org.newton4j.loss.NewtonAlignment}; empty for a plain loss).
 */
public record ShortestPathResult(PathMetrics test, double finalTrainLoss, List<CurvePoint> curve, int steps,
                                 double seconds, String backend, Path csv, Path plot, Path checkpoint,
                                 OptionalDouble newtonAlignment) implements TrainingResult {
    public double exactMatch() { return test.exactMatch(); }

    public double regret() { return test.regret(); }
}
