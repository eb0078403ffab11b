package org.newton4j.nn;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One differentiable stage of a network. {@link #forward} remembers what {@link #backward} needs
 * (the input tensor, which the caller must keep unchanged until then). The tensors a layer returns
 * are owned by the layer and reused by its next call of the same kind: copy them if they must
 * outlive it. Parameter gradients accumulate; call {@link Parameter#zeroGradient()} between steps.
 */
public interface Layer extends AutoCloseable {
    /** The output shape for an input shape (batch first); throws naming the layer on a mismatch. */
    int[] outputShape(int... inputShape);

    Tensor forward(Tensor input);

    /** Accumulates parameter gradients and returns dL/dinput for dL/doutput. */
    Tensor backward(Tensor outputGradient);

    /** Trainable tensors with local names ("weight", "bias"). */
    default List<Parameter> parameters() { return List.of(); }

    /** Draws fresh parameter values. */
    default void initialize(Initializer initializer, SplittableRandom random) { }

    /** Frees the layer's parameters and workspaces. */
    @Override
    default void close() { }
}
