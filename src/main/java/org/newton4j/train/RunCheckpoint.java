package org.newton4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.newton4j.nn.Checkpoint;
import org.newton4j.nn.Parameter;

/**
 * A training run's checkpoint, and the two ways a run starts from one ({@link RunStart}). Entries: the parameters by
 * name; {@code optimizer.*} ({@link ParameterUpdate#state}); {@code loss.*} ({@link BatchLoss#state});
 * {@code run.step}, the steps taken; {@code run.curve}, the curve so far (one row per point: step, mean training
 * loss, seconds, the test metrics); {@code run.identity}, what the run was ({@link RunSettings#identity});
 * {@code run.pending-loss}, the sum and count of the training losses since the last regular evaluation (the run's last
 * point, when it stopped between evaluations, covers them; the continued run folds them into its next point instead).
 */
final class RunCheckpoint {
    static final String STEP = "run.step", CURVE = "run.curve", IDENTITY = "run.identity", PENDING_LOSS = "run.pending-loss";
    private static final String OPTIMIZER = "optimizer.", LOSS = "loss.";
    private static final int CURVE_FIXED_COLUMNS = 3;   // step, training loss, seconds

    /**
     * Where a run picks up: the steps already taken, the curve they drew, and the training losses since the last
     * regular evaluation (sum and count; 0 and 0 when the run stopped on one, or the checkpoint predates them).
     */
    record Position(int step, List<CurvePoint> curve, double pendingLossSum, int pendingLossCount) {
        static final Position START = new Position(0, List.of(), 0, 0);

        /** The seconds the earlier part of the run took (the last point's), so a resumed curve's clock runs on. */
        double seconds() { return curve.isEmpty() ? 0 : curve.get(curve.size() - 1).seconds(); }
    }

    private RunCheckpoint() { }

    static void save(Path file, List<Parameter> parameters, ParameterUpdate optimizer, BatchLoss loss, String identity,
                     Position position) throws IOException {
        int step = position.step();
        List<CurvePoint> curve = position.curve();
        Checkpoint ck = Checkpoint.of(parameters);
        putAll(ck, OPTIMIZER, optimizer.state());
        putAll(ck, LOSS, loss.state());
        ck.put(STEP, new int[] {1}, new double[] {step});
        int metrics = curve.isEmpty() ? 0 : curve.get(0).test().length;
        double[] rows = new double[curve.size() * (CURVE_FIXED_COLUMNS + metrics)];
        int k = 0;
        for (CurvePoint p : curve) {
            rows[k++] = p.step();
            rows[k++] = p.trainLoss();
            rows[k++] = p.seconds();
            for (double m : p.test()) rows[k++] = m;
        }
        ck.put(CURVE, new int[] {curve.size(), CURVE_FIXED_COLUMNS + metrics}, rows);
        ck.putText(IDENTITY, identity);
        ck.put(PENDING_LOSS, new int[] {2}, new double[] {position.pendingLossSum(), position.pendingLossCount()});
        ck.save(file);
    }

    /**
     * Replaces the parameters by the checkpoint's (a warm start). Its optimizer, loss and run entries are ignored on
     * purpose: a warm start that changes the loss (plain to Newton) would otherwise inherit moments scaled to the old
     * gradients.
     */
    static Position warmStart(Path file, List<Parameter> parameters) {
        Checkpoint ck = load(file, "initial parameters");
        restoreParameters(ck, parameters, "initial parameters " + file + " do not fit this network: ");
        return Position.START;
    }

    /**
     * Restores the run that wrote the checkpoint: parameters, optimizer and loss state. That the checkpoint records
     * a run, that it was this run, that it stopped before {@code steps} and that the parameters fit are all checked
     * before a parameter is written; the optimizer checks its state against its own kind and shapes when it is built,
     * at the first step.
     */
    static Position resume(Path file, List<Parameter> parameters, ParameterUpdate optimizer, BatchLoss loss, String identity,
                           int steps, int metrics) {
        Checkpoint ck = load(file, "resume");
        if (!ck.entries().containsKey(STEP) || !ck.entries().containsKey(IDENTITY) || !ck.entries().containsKey(CURVE))
            throw new IllegalArgumentException("resume: " + file + " records no run position (parameters only); start from "
                    + "its parameters instead (a warm start)");
        String recorded = ck.text(IDENTITY);
        if (!recorded.equals(identity))
            throw new IllegalArgumentException("resume: " + file + " is another run: " + firstDifference(recorded, identity));
        double[] recordedStep = ck.get(STEP).values();
        if (recordedStep.length != 1 || !isCount(recordedStep[0], Integer.MAX_VALUE))
            throw new IllegalArgumentException("resume: " + file + " records " + java.util.Arrays.toString(recordedStep)
                    + " as its step, not one step count >= 0");
        int step = (int) recordedStep[0];
        double[] pending = ck.entries().containsKey(PENDING_LOSS) ? ck.get(PENDING_LOSS).values() : new double[] {0, 0};
        if (pending.length != 2 || !Double.isFinite(pending[0]) || !isCount(pending[1], step))
            throw new IllegalArgumentException("resume: " + file + " records " + java.util.Arrays.toString(pending)
                    + " as its pending training loss, not a finite sum and a count of at most " + step + " steps");
        if (step >= steps)
            throw new IllegalArgumentException("resume: " + file + " has already taken " + step + " steps; ask for more than "
                    + step + " (steps is the run's total), got " + steps);
        List<CurvePoint> curve = curve(ck.get(CURVE), metrics, file);
        restoreParameters(ck, parameters, "resume: " + file + " does not fit this network: ");
        optimizer.restoreState(withPrefix(ck, OPTIMIZER));
        loss.restoreState(withPrefix(ck, LOSS));
        return new Position(step, curve, pending[0], (int) pending[1]);
    }

    private static boolean isCount(double v, int max) { return v >= 0 && v <= max && v == Math.rint(v); }

    private static Checkpoint load(Path file, String what) {
        try {
            return Checkpoint.load(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(what + ": no such file " + file);
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException(what + ": " + file + " is truncated");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }

    private static void restoreParameters(Checkpoint ck, List<Parameter> parameters, String context) {
        try {
            ck.restore(parameters);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(context + e.getMessage());
        }
    }

    private static List<CurvePoint> curve(Checkpoint.Entry e, int metrics, Path file) {
        int[] shape = e.shape();
        if (shape.length != 2 || (shape[0] > 0 && shape[1] != CURVE_FIXED_COLUMNS + metrics))
            throw new IllegalArgumentException("resume: " + file + " holds a curve of shape " + java.util.Arrays.toString(shape)
                    + ", this run has " + metrics + " test metrics");
        List<CurvePoint> points = new ArrayList<>();
        double[] v = e.values();
        for (int r = 0, k = 0; r < shape[0]; r++, k += shape[1])
            points.add(new CurvePoint((int) v[k], v[k + 1], java.util.Arrays.copyOfRange(v, k + CURVE_FIXED_COLUMNS, k + shape[1]), v[k + 2]));
        return List.copyOf(points);
    }

    /** "seed: the checkpoint's run had 1, this run has 2" for the first key=value field that differs. */
    static String firstDifference(String recorded, String current) {
        Map<String, String> was = words(recorded), is = words(current);
        for (Map.Entry<String, String> e : is.entrySet())
            if (!e.getValue().equals(was.get(e.getKey())))
                return e.getKey() + ": the checkpoint's run had " + was.getOrDefault(e.getKey(), "none") + ", this run has " + e.getValue();
        return "the checkpoint's run was '" + recorded + "', this run is '" + current + "'";
    }

    private static Map<String, String> words(String identity) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String w : identity.split(RunSettings.IDENTITY_SEPARATOR)) {
            int eq = w.indexOf('=');
            m.put(eq < 0 ? w : w.substring(0, eq), eq < 0 ? "" : w.substring(eq + 1));
        }
        return m;
    }

    private static void putAll(Checkpoint ck, String prefix, Map<String, double[]> state) {
        for (Map.Entry<String, double[]> e : state.entrySet())
            ck.put(prefix + e.getKey(), new int[] {e.getValue().length}, e.getValue());
    }

    private static Map<String, double[]> withPrefix(Checkpoint ck, String prefix) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (Checkpoint.Entry e : ck.entries().values())
            if (e.name().startsWith(prefix)) m.put(e.name().substring(prefix.length()), e.values());
        return m;
    }
}
