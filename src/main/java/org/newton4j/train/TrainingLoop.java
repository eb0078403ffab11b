package org.newton4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.nn.HessianVectorProduct;
import org.newton4j.nn.OutputLoss;
import org.newton4j.nn.Sequential;
import org.newton4j.nn.Tensor;

/**
 * The loop every experiment shares: draw a minibatch, evaluate loss and gradients, let the update
 * step, evaluate the test metrics now and then, show progress, write curves, plot and checkpoint.
 */
final class TrainingLoop {
    /**
     * One minibatch on the host: network inputs, the targets — I32 (ranks, labels) or, when
     * realTargets is given instead, real in the training precision (0/1 shortest paths) — and the
     * loss's rows×columns output view.
     */
    record Minibatch(double[] inputs, int[] inputShape, int[] targets, double[] realTargets, int rows, int columns) {
        Minibatch {
            if ((targets == null) == (realTargets == null))
                throw new IllegalArgumentException("minibatch: exactly one of integer and real targets must be given");
        }

        Minibatch(double[] inputs, int[] inputShape, int[] targets, int rows, int columns) {
            this(inputs, inputShape, targets, null, rows, columns);
        }

        static Minibatch real(double[] inputs, int[] inputShape, double[] targets, int rows, int columns) {
            return new Minibatch(inputs, inputShape, null, targets, rows, columns);
        }
    }

    /**
     * What a run is: where it starts, its total steps, the test metrics (names and evaluation), where results go, and
     * what a checkpoint must match to resume it, given the network ({@link RunSettings#identity}).
     */
    record Plan(RunStart start, int steps, int evalEvery, List<String> metrics,
                java.util.function.Function<Sequential, double[]> evaluation, String title, Path outDirectory, String label,
                boolean progress, java.util.function.Function<Sequential, String> identity) {
        /** The plan the settings ask for: its start, steps, evaluation interval, output and progress. */
        static Plan of(RunSettings s, List<String> metrics, java.util.function.Function<Sequential, double[]> evaluation,
                       String title) {
            return new Plan(s.start(), s.steps(), s.evalEvery(), metrics, evaluation, title, s.outDirectory(), s.label(),
                    s.progress(), s::identity);
        }
    }

    /** The curve and files of a finished run. */
    record Outcome(List<CurvePoint> curve, double lastLoss, double seconds, Path csv, Path plot, Path checkpoint) { }

    private TrainingLoop() { }

    /** The run's precision; fails before any work when the backend cannot compute in it. */
    static Precision supportedPrecision(Backend backend, RunSettings s) {
        if (!backend.supports(s.precision()))
            throw new IllegalArgumentException("precision: backend " + backend.kind() + " does not support " + s.precision());
        return s.precision();
    }

    /**
     * Runs the plan from its start (the initialiser, a warm start or a resumed run; {@link RunStart}); closes the
     * optimizer at the end (after its state went into the checkpoint).
     */
    static Outcome run(Sequential net, Backend backend, Precision precision, IntFunction<Minibatch> batches,
                       BatchLoss loss, ParameterUpdate optimizer, Plan plan) throws IOException {
        try (optimizer) {
            RunStart start = plan.start();
            String identity = plan.identity().apply(net);
            RunCheckpoint.Position from = start.isFresh() ? RunCheckpoint.Position.START
                    : start.resume() ? RunCheckpoint.resume(start.checkpoint(), net.parameters(), optimizer, loss, identity,
                            plan.steps(), plan.metrics().size())
                    : RunCheckpoint.warmStart(start.checkpoint(), net.parameters());
            return train(net, backend, precision, batches, loss, optimizer, plan, from, identity);
        }
    }

    private static Outcome train(Sequential net, Backend backend, Precision precision, IntFunction<Minibatch> batches,
                                 BatchLoss loss, ParameterUpdate optimizer, Plan plan, RunCheckpoint.Position from,
                                 String identity) throws IOException {
        List<CurvePoint> curve = new ArrayList<>(from.curve());
        double clock = from.seconds();   // a resumed curve's seconds run on from the earlier part's
        double lossSum = 0, lastLoss = Double.NaN;
        int lossCount = 0;
        // A run that stopped between evaluations ended on a point of its own, which the continued run would not have:
        // drop it and fold its steps' losses into the next regular point, as the uninterrupted run does.
        boolean stoppedBetweenEvaluations = from.pendingLossCount() > 0 && from.step() % plan.evalEvery() != 0
                && !curve.isEmpty() && curve.get(curve.size() - 1).step() == from.step();
        if (stoppedBetweenEvaluations) {
            curve.remove(curve.size() - 1);
            lossSum = from.pendingLossSum();
            lossCount = from.pendingLossCount();
        }
        // The minibatches are one seeded sequence: drawing the ones a resumed run already trained on puts the stream
        // where it stopped, for every experiment alike (host work only, small next to the training steps).
        for (int step = 1; step <= from.step(); step++) batches.apply(step);
        long start = System.nanoTime();
        double[] metrics = null;
        try (ProgressBar bar = plan.progress() ? new ProgressBarBuilder().setTaskName(plan.label()).setInitialMax(plan.steps())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                .startsFrom(from.step(), java.time.Duration.ZERO).build() : null) {
            for (int step = from.step() + 1; step <= plan.steps(); step++) {
                try (MinibatchObjective objective = new MinibatchObjective(net, loss, backend, precision, batches.apply(step))) {
                    double value = objective.evaluate();
                    if (!Double.isFinite(value))
                        throw new ArithmeticException("training diverged at step " + step + " (loss " + value + "); lower the learning rate");
                    optimizer.step(net.parameters(), objective, value);
                    lossSum += value;
                    lossCount++;
                    lastLoss = value;
                }
                boolean regular = step % plan.evalEvery() == 0;
                if (regular || step == plan.steps()) {
                    metrics = plan.evaluation().apply(net);
                    curve.add(new CurvePoint(step, lossSum / lossCount, metrics, clock + (System.nanoTime() - start) / 1e9));
                }
                if (regular) {   // the last point, between evaluations, leaves its losses pending for a resume
                    lossSum = 0;
                    lossCount = 0;
                }
                if (bar != null) {
                    bar.step();
                    StringBuilder m = new StringBuilder(String.format(Locale.ROOT, " loss %.4f", lastLoss));
                    if (metrics != null)
                        for (int i = 0; i < metrics.length; i++)
                            m.append(String.format(Locale.ROOT, " %s %.1f%%", plan.metrics().get(i), 100 * metrics[i]));
                    bar.setExtraMessage(m.toString());
                }
            }
        }
        double seconds = clock + (System.nanoTime() - start) / 1e9;   // the whole run's, resumed or not
        Path csv = null, plot = null, checkpoint = null;
        if (plan.outDirectory() != null) {
            csv = plan.outDirectory().resolve(plan.label() + ".csv");
            plot = plan.outDirectory().resolve(plan.label() + ".png");
            checkpoint = plan.outDirectory().resolve(plan.label() + ".ckpt");
            Curves.writeCsv(csv, plan.metrics(), curve);
            plot = Curves.writePlotOrWarn(plot, plan.title(), plan.metrics().get(0), Map.of(plan.label(), curve));
            RunCheckpoint.save(checkpoint, net.parameters(), optimizer, loss, identity,
                    new RunCheckpoint.Position(plan.steps(), curve, lossSum, lossCount));
        }
        return new Outcome(List.copyOf(curve), lastLoss, seconds, csv, plot, checkpoint);
    }

    /** Loss and gradients of one minibatch; the optimizer may call it again after moving the parameters. */
    private static final class MinibatchObjective implements Objective, AutoCloseable {
        private final Sequential net;
        private final BatchLoss loss;
        private final Tensor inputs;
        private final DeviceBuffer targets;
        private final Tensor gradient;
        private final int rows;
        private final int columns;

        MinibatchObjective(Sequential net, BatchLoss loss, Backend backend, Precision precision, Minibatch batch) {
            this.net = net;
            this.loss = loss;
            this.rows = batch.rows();
            this.columns = batch.columns();
            this.inputs = Tensor.upload(backend, precision, batch.inputs(), batch.inputShape());
            this.targets = batch.realTargets() != null ? backend.upload(precision, batch.realTargets()) : backend.upload(batch.targets());
            int[] out = net.outputShape(batch.inputShape());
            this.gradient = Tensor.allocate(backend, precision, out);
            if (gradient.size() != (long) rows * columns)
                throw new IllegalArgumentException("network gives " + gradient.size() + " outputs, the loss expects "
                        + rows + "×" + columns);
        }

        @Override
        public double evaluate() {
            net.zeroGradients();
            Tensor y = net.forward(inputs);
            double value = loss.evaluate(y.buffer(), targets, rows, columns, gradient.buffer());
            net.backwardParameters(gradient);
            return value;
        }

        @Override
        public double hessianVectorProduct(List<Tensor> direction, List<Tensor> out) {
            if (!(loss instanceof CurvedBatchLoss curved))
                throw new UnsupportedOperationException("hessianVectorProduct: the loss is not a CurvedBatchLoss");
            return HessianVectorProduct.compute(net, inputs, new OutputLoss() {
                @Override
                public double gradient(Tensor y, Tensor g) {
                    return curved.evaluate(y.buffer(), targets, rows, columns, g.buffer());
                }

                @Override
                public void hessianVectorProduct(Tensor y, Tensor v, Tensor o) {
                    curved.hessianVectorProduct(y.buffer(), targets, rows, columns, v.buffer(), o.buffer());
                }
            }, direction, out);
        }

        @Override
        public void close() {
            inputs.close();
            targets.close();
            gradient.close();
        }
    }
}
