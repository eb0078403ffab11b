package org.newton4j.cli.eval;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.newton4j.device.Backend;
import org.newton4j.device.Precision;

/**
 * One family of `newton4j eval` algorithms (DESIGN §9). Register implementations in
 * {@link EvalAlgorithms}. Validate every field before computing; throw {@link EvalInputException}
 * naming the field. Put outputs into {@code answer} (backend and precision are already there).
 */
public interface EvalAlgorithm {
    /** The "algorithm" values this handles. */
    List<String> names();

    void evaluate(EvalRequest request, Backend backend, Precision precision, ObjectNode answer);

    /**
     * For algorithms that define a per-sample loss: the loss, outputs and targets a "newton" block
     * applies to (validated as in evaluate). Null when the algorithm has no loss.
     */
    default NewtonSubject newtonSubject(EvalRequest request, Backend backend, Precision precision) { return null; }
}
