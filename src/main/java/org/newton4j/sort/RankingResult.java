package org.newton4j.sort;

/**
 * Host copies of a ranking evaluation (null where not asked for), flattened row-major with the shapes
 * of {@link RankingOutputs}.
 */
public record RankingResult(int size, int n, double[] permutation, double[] sorted, double[] loss,
                            double[] gradient, double[] hessian) {
}
