package org.newton4j.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.loss.Curvature;
import org.newton4j.loss.IndefinitePolicy;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.NewtonResult;
import org.newton4j.loss.Scope;

/**
 * The optional "newton" block of any loss-defining eval request:
 * {@code {"curvature": "hessian"|"fisher", "scope": "batch"|"sample", "lambda": λ > 0, "policy": …}}.
 * Adds {@code target} (z*, N×m), {@code surrogate_gradient} (N×m), {@code surrogate_value} and
 * {@code newton_report}.
 */
public final class NewtonEval {
    private NewtonEval() { }

    public static void apply(EvalRequest req, EvalAlgorithm algorithm, Backend backend, Precision precision, ObjectNode answer) {
        if (!req.has("newton")) return;
        JsonNode block = req.root().get("newton");
        if (!block.isObject()) throw new EvalInputException("newton", "must be an object");
        EvalRequest nr = new EvalRequest(block);
        NewtonSubject subject = algorithm.newtonSubject(req, backend, precision);
        if (subject == null)
            throw new EvalInputException("newton", "algorithm '" + req.string("algorithm") + "' defines no per-sample loss");
        NewtonLoss.Builder builder = NewtonLoss.of(subject.loss());
        builder.curvature(parse("newton.curvature", () -> Curvature.parse(nr.string("curvature", "hessian"), "newton.curvature")));
        builder.scope(parse("newton.scope", () -> Scope.parse(nr.string("scope", "batch"), "newton.scope")));
        builder.policy(parse("newton.policy", () -> IndefinitePolicy.parse(nr.string("policy", "exact"), "newton.policy")));
        if (!nr.has("lambda")) throw new EvalInputException("newton.lambda", "missing (λ > 0 is required)");
        JsonNode lambdaNode = block.get("lambda");
        double lambda = lambdaNode.isNumber() ? lambdaNode.asDouble() : Double.NaN;
        if (!(lambda > 0) || !Double.isFinite(lambda))
            throw new EvalInputException("newton.lambda", "must be a finite number > 0, got " + lambdaNode);
        builder.lambda(lambda);
        int n = subject.n(), m = subject.loss().dimension();
        try (DeviceBuffer y = backend.upload(precision, subject.y());
             DeviceBuffer t = subject.uploadTargets(backend, precision);
             NewtonResult r = builder.build().step(new LossBatch(y, t, n))) {
            answer.set("target", JsonArrays.nested(backend.toDoubles(r.target()), n, m));
            answer.set("surrogate_gradient", JsonArrays.nested(backend.toDoubles(r.surrogateGradient()), n, m));
            answer.put("surrogate_value", r.surrogateValue());
            answer.put("newton_report", r.report().toString());
        } catch (ArithmeticException e) {
            throw new EvalInputException("newton", e.getMessage());
        }
    }

    private static <T> T parse(String field, java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new EvalInputException(field, e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(field) + ": ", ""));
        } catch (EvalInputException e) {
            throw new EvalInputException(field, e.getMessage().replaceFirst("^[^:]+: ", ""));
        }
    }
}
