package org.newton4j.train;

/**
 * Re-evaluates the training loss on the current minibatch at the parameters' current values:
 * zeroes the gradients, runs forward and backward, leaves dL/dθ in each {@link org.newton4j.nn.Parameter#gradient()}
 * and returns L. Optimizers that need more than the one gradient the trainer already computed
 * (line searches, Alice's perturbed evaluations, GroupedNewton's directional derivatives) call it
 * after moving the parameters.
 */
@FunctionalInterface
public interface Objective {
    double evaluate();
}
