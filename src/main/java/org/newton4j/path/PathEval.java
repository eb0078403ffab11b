package org.newton4j.path;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.newton4j.cli.eval.EvalAlgorithm;
import org.newton4j.cli.eval.EvalInputException;
import org.newton4j.cli.eval.EvalRequest;
import org.newton4j.cli.eval.JsonArrays;
import org.newton4j.cli.eval.NewtonSubject;
import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;

/**
 * {@code newton4j eval} for shortest paths (DESIGN §9). Batches: cost N×H×W (positive, finite),
 * truth N×H×W (0/1). Outputs (N×H×W path, N loss, N×H·W gradient, N×H·W×H·W hessian):
 * <ul>
 * <li>{@code relaxed_bellman_ford}: beta, iterations, tconorm (probabilistic|hamacher|yager_1), p,
 *     loop (for|while), loss (l1|l2sq); exact gradient and Hessian;</li>
 * <li>{@code shortest_path}: the exact 0/1 path;</li>
 * <li>{@code stochastic_smoothing_loss}, {@code stochastic_smoothing_algorithm},
 *     {@code perturbed_optimizer}: samples, epsilon, seed, noise (gaussian|cauchy),
 *     baseline (none|f_of_c|leave_one_out), loss — see {@link StochasticShortestPath}.</li>
 * </ul>
 */
public final class PathEval implements EvalAlgorithm {
    static final String RELAXED = "relaxed_bellman_ford", EXACT = "shortest_path", SMOOTH_LOSS = "stochastic_smoothing_loss",
            SMOOTH_ALGORITHM = "stochastic_smoothing_algorithm", PERTURBED = "perturbed_optimizer";
    private static final List<String> OUTPUTS = List.of("path", "loss", "gradient", "hessian");

    @Override
    public List<String> names() { return List.of(RELAXED, EXACT, SMOOTH_LOSS, SMOOTH_ALGORITHM, PERTURBED); }

    /** The relaxed loss (or the stochastic estimator's loss) for the generic "newton" block: y = cost, targets = truth. */
    @Override
    public NewtonSubject newtonSubject(EvalRequest req, Backend backend, Precision precision) {
        String algorithm = req.string("algorithm");
        if (algorithm.equals(EXACT)) return null;
        EvalRequest.Tensor cost = costs(req);
        int n = cost.dim(0), h = cost.dim(1), w = cost.dim(2);
        PathLoss loss = PathLoss.parse(req.choice("loss", "l2sq", List.of("l1", "l2sq")), "loss");
        double[] truth = truth(req, n, h, w);
        if (algorithm.equals(RELAXED))
            return NewtonSubject.withRealTargets(relaxedOperation(req, h, w, loss).asLoss(), cost.data(), n, truth);
        StochasticPathLoss.Method method = algorithm.equals(SMOOTH_LOSS) ? StochasticPathLoss.Method.SMOOTH_LOSS
                : algorithm.equals(SMOOTH_ALGORITHM) ? StochasticPathLoss.Method.SMOOTH_ALGORITHM
                : StochasticPathLoss.Method.PERTURBED_OPTIMIZER;
        return NewtonSubject.withRealTargets(new StochasticPathLoss(stochasticOperation(req, h, w, loss), method), cost.data(), n, truth);
    }

    /** cost: N×H×W, positive, finite, at most 32×32 and at least 2 cells. */
    private static EvalRequest.Tensor costs(EvalRequest req) {
        EvalRequest.Tensor cost = req.tensor("cost", 3);
        int h = cost.dim(1), w = cost.dim(2);
        if (h > GridGraph.MAX_SIDE || w > GridGraph.MAX_SIDE)
            throw new EvalInputException("cost", "grids are at most " + GridGraph.MAX_SIDE + "x" + GridGraph.MAX_SIDE + ", got " + h + "x" + w);
        if (h * w < 2) throw new EvalInputException("cost", "the grid needs at least 2 cells");
        for (int i = 0; i < cost.data().length; i++)
            if (!(cost.data()[i] > 0)) throw new EvalInputException("cost", "element " + i + " must be positive, got " + cost.data()[i]);
        return cost;
    }

    /** truth: N×H×W like cost, every element 0 or 1. */
    private static double[] truth(EvalRequest req, int n, int h, int w) {
        EvalRequest.Tensor t = req.tensor("truth", 3);
        if (t.dim(0) != n || t.dim(1) != h || t.dim(2) != w)
            throw new EvalInputException("truth", "must be " + n + "×" + h + "×" + w + " like cost, got "
                    + t.dim(0) + "×" + t.dim(1) + "×" + t.dim(2));
        for (int i = 0; i < t.data().length; i++)
            if (t.data()[i] != 0 && t.data()[i] != 1) throw new EvalInputException("truth", "element " + i + " must be 0 or 1, got " + t.data()[i]);
        return t.data();
    }

    private static RelaxedBellmanFord relaxedOperation(EvalRequest req, int h, int w, PathLoss loss) {
        double beta = req.positive("beta", 1);
        int iterations = req.integer("iterations", 2 * Math.max(h, w));
        if (iterations < 1 || iterations > RelaxedBellmanFord.MAX_ITERATIONS)
            throw new EvalInputException("iterations", "must be in [1, " + RelaxedBellmanFord.MAX_ITERATIONS + "], got " + iterations);
        String tcName = req.choice("tconorm", "probabilistic", List.of("probabilistic", "hamacher", "yager_1"));
        double p = req.positive("p", 1);
        Loop loop = Loop.parse(req.choice("loop", "for", List.of("for", "while")), "loop");
        return RelaxedBellmanFord.builder().grid(h, w).beta(beta).iterations(iterations)
                .tconorm(TConorm.parse(tcName, p, "p")).loop(loop).loss(loss).build();
    }

    private static StochasticShortestPath stochasticOperation(EvalRequest req, int h, int w, PathLoss loss) {
        int samples = req.integer("samples", 10);
        if (samples < 2 || samples > 4096) throw new EvalInputException("samples", "must be in [2, 4096], got " + samples);
        double epsilon = req.positive("epsilon", 1);
        long seed = req.integerLong("seed", 0);
        Noise noise = Noise.parse(req.choice("noise", "gaussian", List.of("gaussian", "cauchy")), "noise");
        Baseline baseline = Baseline.parse(req.choice("baseline", "leave_one_out", List.of("none", "f_of_c", "leave_one_out")), "baseline");
        return StochasticShortestPath.builder().grid(h, w).samples(samples).epsilon(epsilon).seed(seed)
                .noise(noise).baseline(baseline).loss(loss).build();
    }

    @Override
    public void evaluate(EvalRequest req, Backend backend, Precision precision, ObjectNode answer) {
        String algorithm = req.string("algorithm");
        EvalRequest.Tensor cost = costs(req);
        int n = cost.dim(0), h = cost.dim(1), w = cost.dim(2), m = h * w;
        if (algorithm.equals(EXACT)) {
            req.outputs(List.of("path"), List.of("path"));
            answer.set("path", JsonArrays.nested(new ShortestPath(h, w).solveOn(backend, precision, cost.data()), n, h, w));
            return;
        }
        Set<String> outputs = req.outputs(OUTPUTS, algorithm.equals(SMOOTH_LOSS)
                ? List.of("loss", "gradient") : List.of("path", "loss", "gradient"));
        PathLoss loss = PathLoss.parse(req.choice("loss", "l2sq", List.of("l1", "l2sq")), "loss");
        double[] truth = null;
        if (!outputs.equals(Set.of("path")) || !algorithm.equals(RELAXED)) truth = truth(req, n, h, w);
        if (outputs.contains("hessian") && m > RelaxedBellmanFord.MAX_HESSIAN_CELLS)
            throw new EvalInputException("outputs", "hessian is offered up to " + RelaxedBellmanFord.MAX_HESSIAN_CELLS + " cells (24x24)");
        if (algorithm.equals(RELAXED)) relaxed(req, backend, precision, answer, cost.data(), truth, n, h, w, loss, outputs);
        else stochastic(req, algorithm, backend, precision, answer, cost.data(), truth, n, h, w, loss, outputs);
    }

    private static void relaxed(EvalRequest req, Backend backend, Precision precision, ObjectNode answer, double[] cost,
                                double[] truth, int n, int h, int w, PathLoss loss, Set<String> outputs) {
        RelaxedBellmanFord op = relaxedOperation(req, h, w, loss);
        int m = h * w;
        try (DeviceBuffer c = backend.upload(precision, cost);
             DeviceBuffer t = backend.upload(precision, truth == null ? new double[1] : truth);
             DeviceBuffer path = outputs.contains("path") ? backend.allocate(precision, (long) n * m) : null;
             DeviceBuffer l = outputs.contains("loss") ? backend.allocate(precision, n) : null;
             DeviceBuffer g = outputs.contains("gradient") ? backend.allocate(precision, (long) n * m) : null;
             DeviceBuffer hs = outputs.contains("hessian") ? backend.allocate(precision, (long) n * m * m) : null) {
            op.evaluate(c, truth == null ? null : t, n, new PathOutputs(path, l, g, hs));
            if (path != null) answer.set("path", JsonArrays.nested(backend.toDoubles(path), n, h, w));
            if (l != null) answer.set("loss", JsonArrays.nested(backend.toDoubles(l), n));
            if (g != null) answer.set("gradient", JsonArrays.nested(backend.toDoubles(g), n, m));
            if (hs != null) answer.set("hessian", JsonArrays.nested(backend.toDoubles(hs), n, m, m));
        }
    }

    private static void stochastic(EvalRequest req, String algorithm, Backend backend, Precision precision, ObjectNode answer,
                                   double[] cost, double[] truth, int n, int h, int w, PathLoss loss, Set<String> outputs) {
        StochasticShortestPath op = stochasticOperation(req, h, w, loss);
        StochasticShortestPath.Estimate e;
        switch (algorithm) {
            case SMOOTH_LOSS: e = op.smoothLoss(backend, precision, cost, truth); break;
            case SMOOTH_ALGORITHM: e = op.smoothAlgorithm(backend, precision, cost, truth); break;
            default: e = op.perturbedOptimizer(backend, precision, cost, truth);
        }
        int m = h * w;
        if (outputs.contains("path")) {
            if (e.path() == null) throw new EvalInputException("outputs", algorithm + " has no path output");
            answer.set("path", JsonArrays.nested(round(e.path(), precision), n, h, w));
        }
        if (outputs.contains("loss")) answer.set("loss", JsonArrays.nested(round(e.loss(), precision), n));
        if (outputs.contains("gradient")) answer.set("gradient", JsonArrays.nested(round(e.gradient(), precision), n, m));
        if (outputs.contains("hessian")) answer.set("hessian", JsonArrays.nested(round(e.hessian(), precision), n, m, m));
    }

    private static double[] round(double[] a, Precision p) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = p.round(a[i]);
        return r;
    }
}
