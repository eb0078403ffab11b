package org.newton4j.sort;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.newton4j.cli.eval.EvalAlgorithm;
import org.newton4j.cli.eval.EvalInputException;
import org.newton4j.cli.eval.EvalRequest;
import org.newton4j.cli.eval.JsonArrays;
import org.newton4j.cli.eval.NewtonSubject;
import org.newton4j.device.Backend;
import org.newton4j.device.Precision;

/**
 * `newton4j eval` for the ranking algorithms (DESIGN §9): algorithm odd_even | bitonic (with relaxation,
 * steepness, art_lambda) | neuralsort | softsort (with tau); x (N×n scores), ranks (N×n ints, each row a
 * permutation; required for loss, gradient and hessian); outputs any of permutation (N×n×n), sorted (N×n),
 * loss (N), gradient (N×n), hessian (N×n×n). Default outputs: permutation, loss, gradient. For the generic
 * "newton" block it offers the loss as a {@link RankingNewtonLoss} with y = x and targets = ranks.
 */
public final class RankingEval implements EvalAlgorithm {
    private static final List<String> OUTPUTS = List.of("permutation", "sorted", "loss", "gradient", "hessian");
    private static final List<String> RELAXATIONS = List.of("logistic", "logistic_phi", "gaussian", "reciprocal", "cauchy", "optimal");

    @Override
    public List<String> names() { return List.of("odd_even", "bitonic", "neuralsort", "softsort"); }

    @Override
    public void evaluate(EvalRequest request, Backend backend, Precision precision, ObjectNode answer) {
        RankingLoss loss = parseLoss(request);
        EvalRequest.Tensor x = scores(request);
        int size = x.dim(0), n = x.dim(1);
        Set<String> outputs = request.outputs(OUTPUTS, List.of("permutation", "loss", "gradient"));
        boolean needRanks = outputs.contains("loss") || outputs.contains("gradient") || outputs.contains("hessian");
        int[] ranks = needRanks || request.has("ranks") ? ranks(request, size, n) : null;
        Set<RankingOutput> wanted = EnumSet.noneOf(RankingOutput.class);
        for (String o : outputs) wanted.add(RankingOutput.valueOf(o.toUpperCase(java.util.Locale.ROOT)));
        RankingResult res = loss.evaluate(backend, precision, x.data(), ranks, n, wanted);
        if (res.permutation() != null) answer.set("permutation", JsonArrays.nested(res.permutation(), size, n, n));
        if (res.sorted() != null) answer.set("sorted", JsonArrays.nested(res.sorted(), size, n));
        if (res.loss() != null) answer.set("loss", JsonArrays.nested(res.loss(), size));
        if (res.gradient() != null) answer.set("gradient", JsonArrays.nested(res.gradient(), size, n));
        if (res.hessian() != null) answer.set("hessian", JsonArrays.nested(res.hessian(), size, n, n));
    }

    /** The ranking loss on n scores, y = x and integer targets = ranks, for the generic "newton" block. */
    @Override
    public NewtonSubject newtonSubject(EvalRequest request, Backend backend, Precision precision) {
        RankingLoss loss = parseLoss(request);
        EvalRequest.Tensor x = scores(request);
        int size = x.dim(0), n = x.dim(1);
        int[] ranks = ranks(request, size, n);
        return NewtonSubject.withIntTargets(loss.asLoss(n), x.data(), size, ranks);
    }

    /** The N×n scores, n in [2, max] (failing with field "x"). */
    private static EvalRequest.Tensor scores(EvalRequest request) {
        EvalRequest.Tensor x = request.tensor("x", 2);
        int n = x.dim(1);
        if (n < 2 || n > RankingLoss.maxN())
            throw new EvalInputException("x", "needs n in [2, " + RankingLoss.maxN() + "] scores per sample, got " + n);
        return x;
    }

    /** The N×n ranks, each row a permutation of 0..n−1 (failing with field "ranks"). */
    private static int[] ranks(EvalRequest request, int size, int n) {
        EvalRequest.Tensor r = request.tensor("ranks", 2);
        if (r.dim(0) != size || r.dim(1) != n)
            throw new EvalInputException("ranks", "shape " + r.dim(0) + "×" + r.dim(1) + " differs from x's " + size + "×" + n);
        int[] ranks = r.asInts("ranks");
        try {
            RankingLoss.checkRanks(ranks, ranks.length, n);
        } catch (IllegalArgumentException e) {
            throw new EvalInputException("ranks", e.getMessage().replaceFirst("^ranks: ", ""));
        }
        return ranks;
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
}
