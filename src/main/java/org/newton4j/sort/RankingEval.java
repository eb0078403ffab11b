package org.newton4j.sort;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.newton4j.cli.eval.EvalAlgorithm;
import org.newton4j.cli.eval.EvalInputException;
import org.newton4j.cli.eval.EvalRequest;
import org.newton4j.device.Backend;
import org.newton4j.device.Precision;

/**
 * `newton4j eval` for the ranking algorithms (DESIGN §9): algorithm odd_even | bitonic (with relaxation,
 * steepness, art_lambda) | neuralsort | softsort (with tau); x (N×n scores), ranks (N×n ints, each row a
 * permutation; required for loss, gradient and hessian); outputs any of permutation (N×n×n), sorted (N×n),
 * loss (N), gradient (N×n), hessian (N×n×n). Default outputs: permutation, loss, gradient.
 */
public final class RankingEval implements EvalAlgorithm {
    private static final List<String> OUTPUTS = List.of("permutation", "sorted", "loss", "gradient", "hessian");
    private static final List<String> RELAXATIONS = List.of("logistic", "logistic_phi", "gaussian", "reciprocal", "cauchy", "optimal");

    @Override
    public List<String> names() { return List.of("odd_even", "bitonic", "neuralsort", "softsort"); }

    @Override
    public void evaluate(EvalRequest request, Backend backend, Precision precision, ObjectNode answer) {
        RankingLoss loss = parseLoss(request);
        EvalRequest.Tensor x = request.tensor("x", 2);
        int size = x.dim(0), n = x.dim(1);
        if (n < 2 || n > RankingLoss.maxN())
            throw new EvalInputException("x", "needs n in [2, " + RankingLoss.maxN() + "] scores per sample, got " + n);
        Set<String> outputs = request.outputs(OUTPUTS, List.of("permutation", "loss", "gradient"));
        boolean needRanks = outputs.contains("loss") || outputs.contains("gradient") || outputs.contains("hessian");
        int[] ranks = null;
        if (needRanks || request.has("ranks")) {
            EvalRequest.Tensor r = request.tensor("ranks", 2);
            if (r.dim(0) != size || r.dim(1) != n)
                throw new EvalInputException("ranks", "shape " + r.dim(0) + "×" + r.dim(1) + " differs from x's " + size + "×" + n);
            ranks = r.asInts("ranks");
            try {
                RankingLoss.checkRanks(ranks, ranks.length, n);
            } catch (IllegalArgumentException e) {
                throw new EvalInputException("ranks", e.getMessage().replaceFirst("^ranks: ", ""));
            }
        }
        Set<RankingOutput> wanted = EnumSet.noneOf(RankingOutput.class);
        for (String o : outputs) wanted.add(RankingOutput.valueOf(o.toUpperCase(java.util.Locale.ROOT)));
        RankingResult res = loss.evaluate(backend, precision, x.data(), ranks, n, wanted);
        if (res.permutation() != null) answer.set("permutation", nested(answer, res.permutation(), size, n, n));
        if (res.sorted() != null) answer.set("sorted", nested(answer, res.sorted(), size, n));
        if (res.loss() != null) answer.set("loss", nested(answer, res.loss(), size));
        if (res.gradient() != null) answer.set("gradient", nested(answer, res.gradient(), size, n));
        if (res.hessian() != null) answer.set("hessian", nested(answer, res.hessian(), size, n, n));
    }

    /** The loss the request describes; every parameter problem names its field. */
    static RankingLoss parseLoss(EvalRequest request) {
        String algorithm = request.string("algorithm");
        switch (algorithm) {
            case "odd_even":
            case "bitonic": {
                String relaxation = request.choice("relaxation", "logistic", RELAXATIONS);
                double steepness = request.positive("steepness", 10.0);
                double lambda = request.number("art_lambda", RankingLoss.DEFAULT_ART_LAMBDA);
                if (lambda < 0) throw new EvalInputException("art_lambda", "must be >= 0, got " + lambda);
                return RankingLoss.sortingNetwork(Network.parse(algorithm), Relaxation.parse(relaxation), steepness, lambda);
            }
            case "neuralsort": return RankingLoss.neuralSort(request.positive("tau", 1.0));
            case "softsort": return RankingLoss.softSort(request.positive("tau", 1.0));
            default: throw new EvalInputException("algorithm", "unknown ranking algorithm '" + algorithm + "'");
        }
    }

    /** A row-major array as nested JSON arrays of the given shape. */
    private static ArrayNode nested(ObjectNode factory, double[] data, int... shape) {
        return nested(factory, data, 0, shape, 0);
    }

    private static ArrayNode nested(ObjectNode factory, double[] data, int offset, int[] shape, int depth) {
        ArrayNode a = factory.arrayNode(shape[depth]);
        int stride = 1;
        for (int d = depth + 1; d < shape.length; d++) stride *= shape[d];
        for (int i = 0; i < shape[depth]; i++) {
            if (depth == shape.length - 1) a.add(data[offset + i]);
            else a.add(nested(factory, data, offset + i * stride, shape, depth + 1));
        }
        return a;
    }
}
