package org.newton4j.optim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A device-resident optimizer driven by oracles, in the manner of PyTorch's {@code step(closure)}:
 * {@code step(batch)} evaluates the objective's gradient (and, for second-order methods, more) at
 * the points the method needs, and updates the parameter buffers in place.
 *
 * <p>Its state (moments, counters, averages) can be saved and restored for checkpoint/resume;
 * the parameter values themselves belong to the model and are saved with it.
 */
public interface Optimizer<B> extends AutoCloseable {
    /** One step on one minibatch; returns the loss the gradient oracle reported at the step's main evaluation. */
    double step(B batch);

    /** Steps taken so far. */
    long steps();

    ParameterSet parameters();

    /** Writes the state (hyperparameters included, for checking) to out. */
    void save(DataOutput out) throws IOException;

    /** Replaces the state by one written by {@link #save} of an optimizer of the same kind over the same shapes. */
    void restore(DataInput in) throws IOException;

    default byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    default void restoreState(byte[] state) {
        if (state == null) throw new IllegalArgumentException("state: is null");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            restore(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("state: truncated or unreadable checkpoint (" + e.getMessage() + ")", e);
        }
    }

    /** Frees the optimizer's device buffers (not the parameters). */
    @Override
    void close();
}
