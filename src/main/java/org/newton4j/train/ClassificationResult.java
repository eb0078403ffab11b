package org.newton4j.train;

import java.nio.file.Path;
import java.util.List;

/** Final test accuracy, the curve, timing, and the files written (null without an output directory). */
public record ClassificationResult(double testAccuracy, double finalTrainLoss, List<CurvePoint> curve, int steps,
                                   double seconds, String backend, Path csv, Path plot, Path checkpoint) implements TrainingResult { }
