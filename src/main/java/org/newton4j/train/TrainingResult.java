package org.newton4j.train;

import java.nio.file.Path;
import java.util.List;

/** What every training run produces besides its test metrics: the curve, timing, and the files written. */
public interface TrainingResult {
    double finalTrainLoss();

    List<CurvePoint> curve();

    int steps();

    double seconds();

    /** The backend it ran on, as its kind prints. */
    String backend();

    /** The files written; null when the config had no output directory (plot also when it could not be drawn). */
    Path csv();

    Path plot();

    Path checkpoint();

    default double secondsPerStep() { return seconds() / steps(); }
}
