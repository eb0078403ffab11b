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

    /**
     * What {@link #backward} does for the parameters, where nobody needs dL/dinput (the first layer
     * of a network being trained: the gradient of its images). Layers whose input gradient costs
     * real work skip it; {@link #backwardTangent} still works afterwards.
     */
    default void backwardParameters(Tensor outputGradient) { backward(outputGradient); }

    /**
     * Pearlmutter's R-forward pass, after {@link #forward}: the directional derivative of the output
     * along an input tangent (null = zero) and a parameter direction (one tensor per
     * {@link #parameters()} entry, in order; empty for layers without parameters). Returns null when
     * the result is zero (no parameters and a zero input tangent).
     */
    Tensor forwardTangent(Tensor inputTangent, List<Tensor> parameterDirection);

    /**
     * The R-backward pass, after {@link #backward} and {@link #forwardTangent}: given R{dL/doutput},
     * accumulates R{dL/dθ} (the Hessian-vector product's share of each parameter) into parameterHvp
     * and returns R{dL/dinput}.
     */
    Tensor backwardTangent(Tensor outputGradientTangent, List<Tensor> parameterHvp);

    /** Trainable tensors with local names ("weight", "bias"). */
    default List<Parameter> parameters() { return List.of(); }

    /** Draws fresh parameter values. */
    default void initialize(Initializer initializer, SplittableRandom random) { }

    /** Frees the layer's parameters and workspaces. */
    @Override
    default void close() { }
}
