package org.newton4j.train;

import java.util.List;
import java.util.Map;

import org.newton4j.nn.Parameter;

/**
 * The seam between a trainer and an optimizer. Each step the trainer computes the loss and the
 * gradients at the current parameters, then calls {@link #step}; the update changes the parameter
 * values in place (on their backend).
 */
public interface ParameterUpdate extends AutoCloseable {
    /**
     * @param parameters the network's parameters, gradients already holding dL/dθ for this minibatch
     * @param objective  recomputes loss and gradients at the current values on the same minibatch
     * @param loss       L at the current values
     */
    void step(List<Parameter> parameters, Objective objective, double loss);

    /** A short name for logs and file names ("sgd", "adam", ...). */
    String name();

    /** Optimizer state by name (e.g. "0.weight.velocity"), saved in checkpoints. */
    default Map<String, double[]> state() { return Map.of(); }

    /** Restores what {@link #state()} returned. */
    default void restoreState(Map<String, double[]> state) { }

    /** Called by the trainer at the end of a run: frees device state (the default holds none). */
    @Override
    default void close() { }
}
