/**
 * Differentiable sorting and ranking (DESIGN §4): relaxed sorting networks (odd-even, bitonic) with six
 * relaxations, NeuralSort and SoftSort, giving per sample the relaxed permutation P (P[j][i]: probability
 * that element j lands at rank i, ascending), sorted values, the BCE ranking loss against integer ranks,
 * its gradient, its exact Hessian (forward-over-reverse) and Hessian-vector products.
 *
 * <p>Entry points: {@link org.newton4j.sort.RankingLoss} (factories {@code sortingNetwork}, {@code neuralSort},
 * {@code softSort}; {@code evaluate} on device buffers or host arrays; {@code hessianVectorProduct}),
 * {@link org.newton4j.sort.RankingLoss#asLoss(int)} for the Newton-loss layer
 * ({@link org.newton4j.sort.RankingNewtonLoss}, a {@link org.newton4j.loss.TwiceDifferentiableLoss}), and
 * {@link org.newton4j.sort.RankingEval} for {@code newton4j eval}. The CPU reference is
 * {@code RankingSample}; the OpenCL/CUDA kernels are module "sort" (kernels/common/sort.h).
 */
package org.newton4j.sort;
