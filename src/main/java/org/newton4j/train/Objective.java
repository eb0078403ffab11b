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

    /**
     * Exact out = ∇²_θ L · v on the current minibatch at the current parameters (R-operator), one
     * tensor per parameter in {@code parameters()} order; also leaves dL/dθ in the gradients.
     * Available when the trainer's loss is a {@link CurvedBatchLoss}.
     *
     * @throws UnsupportedOperationException when the loss gives no output-space curvature
     */
    default double hessianVectorProduct(java.util.List<org.newton4j.nn.Tensor> direction,
                                        java.util.List<org.newton4j.nn.Tensor> out) {
        throw new UnsupportedOperationException("hessianVectorProduct: the loss is not a CurvedBatchLoss");
    }
}
