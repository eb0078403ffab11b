package org.newton4j.cli.eval;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.LossOutputs;
import org.newton4j.loss.MeanSquaredError;
import org.newton4j.loss.SoftmaxCrossEntropy;
import org.newton4j.loss.TwiceDifferentiableLoss;

/**
 * The closed-form losses: {@code "mse"} with {@code y} and {@code target} (both N×m), and
 * {@code "softmax_cross_entropy"} with {@code y} (N×m) and {@code labels} (N ints in [0, m)).
 * Outputs: loss (N), gradient (N×m), hessian (N×m×m). Both accept a "newton" block.
 */
public final class LossEval implements EvalAlgorithm {
    private static final List<String> OUTPUTS = List.of("loss", "gradient", "hessian");

    @Override
    public List<String> names() { return List.of("mse", "softmax_cross_entropy"); }

    @Override
    public void evaluate(EvalRequest req, Backend backend, Precision precision, ObjectNode answer) {
        NewtonSubject s = newtonSubject(req, backend, precision);
        Set<String> outputs = req.outputs(OUTPUTS, List.of("loss", "gradient"));
        int n = s.n(), m = s.loss().dimension();
        try (DeviceBuffer y = backend.upload(precision, s.y()); DeviceBuffer t = s.uploadTargets(backend, precision);
             DeviceBuffer v = backend.allocate(precision, n); DeviceBuffer g = backend.allocate(precision, (long) n * m);
             DeviceBuffer h = outputs.contains("hessian") ? backend.allocate(precision, (long) n * m * m) : null) {
            s.loss().evaluate(new LossBatch(y, t, n), new LossOutputs(v, g, h));
            if (outputs.contains("loss")) answer.set("loss", JsonArrays.nested(backend.toDoubles(v), n));
            if (outputs.contains("gradient")) answer.set("gradient", JsonArrays.nested(backend.toDoubles(g), n, m));
            if (h != null) answer.set("hessian", JsonArrays.nested(backend.toDoubles(h), n, m, m));
        }
    }

    @Override
    public NewtonSubject newtonSubject(EvalRequest req, Backend backend, Precision precision) {
        EvalRequest.Tensor y = req.tensor("y", 2);
        int n = y.dim(0), m = y.dim(1);
        if (req.string("algorithm").equals("mse")) {
            EvalRequest.Tensor t = req.tensor("target", 2);
            if (t.dim(0) != n || t.dim(1) != m)
                throw new EvalInputException("target", "must be " + n + "×" + m + " like y, got " + t.dim(0) + "×" + t.dim(1));
            return NewtonSubject.withRealTargets(new MeanSquaredError(m), y.data(), n, t.data());
        }
        if (m < 2) throw new EvalInputException("y", "softmax cross-entropy needs at least 2 classes, got " + m);
        EvalRequest.Tensor l = req.tensor("labels", 1);
        if (l.dim(0) != n) throw new EvalInputException("labels", "must hold N = " + n + " labels, got " + l.dim(0));
        int[] labels = l.asInts("labels");
        for (int i = 0; i < n; i++)
            if (labels[i] < 0 || labels[i] >= m)
                throw new EvalInputException("labels", "label " + labels[i] + " of sample " + i + " is outside [0, " + m + ")");
        TwiceDifferentiableLoss ce = new SoftmaxCrossEntropy(m);
        return NewtonSubject.withIntTargets(ce, y.data(), n, labels);
    }
}
