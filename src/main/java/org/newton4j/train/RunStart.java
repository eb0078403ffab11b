package org.newton4j.train;

import java.nio.file.Path;

/**
 * Where a run begins.
 * <ul>
 *   <li>{@link #FRESH}: the initialiser draws the parameters from the seed.</li>
 *   <li>{@link #warm}: the parameters of a checkpoint of the same network, then a new run — a fresh optimizer, the
 *       data drawn from the seed's first minibatch on, step 1 (to train a plain run on with a Newton loss, say).</li>
 *   <li>{@link #resume}: exactly where the run that wrote the checkpoint stopped — parameters, optimizer state, loss
 *       state, the step count, the position in the data stream and the curve so far — so that resuming to
 *       {@code steps} ends with the parameters and curve an uninterrupted run of {@code steps} would have (when the
 *       stop fell on an evaluation step; otherwise the curve also holds the earlier part's last step, and the first
 *       point after it averages the training loss from the resume on). The data stream is put in place by drawing
 *       the minibatches already trained on again, which costs host time but no training.</li>
 * </ul>
 *
 * @param checkpoint the checkpoint file; null only for {@link #FRESH}
 * @param resume     true: continue the checkpoint's run; false: a warm start from its parameters
 */
public record RunStart(Path checkpoint, boolean resume) {
    public static final RunStart FRESH = new RunStart(null, false);

    public RunStart {
        if (checkpoint == null && resume) throw new IllegalArgumentException("resume: a checkpoint file is required");
    }

    /** A new run from the parameters of this checkpoint. */
    public static RunStart warm(Path checkpoint) {
        return new RunStart(java.util.Objects.requireNonNull(checkpoint, "checkpoint"), false);
    }

    /** The run that wrote this checkpoint, continued. */
    public static RunStart resume(Path checkpoint) {
        return new RunStart(java.util.Objects.requireNonNull(checkpoint, "checkpoint"), true);
    }

    public boolean isFresh() { return checkpoint == null; }
}
