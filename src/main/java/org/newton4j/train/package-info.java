/**
 * Training: {@link org.newton4j.train.RankingExperiment} (four-digit MNIST ranking),
 * {@link org.newton4j.train.ShortestPathExperiment} (Warcraft-style maps, relaxed or stochastic
 * shortest-path losses, see {@link org.newton4j.train.PathLossSpec}) and
 * {@link org.newton4j.train.ClassificationExperiment} (MLP on MNIST / Fashion-MNIST), configured by
 * records and returning result records with curves (CSV, PNG) and checkpoints.
 *
 * <p>Seams for other packages: a loss is a {@link org.newton4j.train.BatchLoss} (outputs in,
 * value and dL/dy out; {@link org.newton4j.train.CurvedBatchLoss} adds output-space HVPs;
 * {@link org.newton4j.train.BatchLoss#meanOf} adapts any
 * {@link org.newton4j.loss.TwiceDifferentiableLoss}); an optimizer is a
 * {@link org.newton4j.train.ParameterUpdate}, called each step with the parameters (gradients
 * filled) and an {@link org.newton4j.train.Objective} that re-evaluates loss and gradients, and
 * gives exact HVPs, on the same minibatch. {@link org.newton4j.train.SgdMomentum} is the default.
 */
package org.newton4j.train;
