package org.newton4j.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.newton4j.cli.eval.EvalAlgorithm;
import org.newton4j.cli.eval.EvalAlgorithms;
import org.newton4j.cli.eval.EvalInputException;
import org.newton4j.cli.eval.EvalRequest;
import org.newton4j.cli.eval.NewtonEval;
import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.Backends;
import org.newton4j.device.Precision;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `newton4j eval`: one JSON request in (file or stdin), one JSON answer out (DESIGN §9). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate one JSON request and print one JSON answer (see DESIGN §9).",
                "Bad input: one line on stderr naming the field, exit status 2."})
final class EvalCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "0..1", paramLabel = "REQUEST", description = "request file (default: standard input)")
    File request;

    @Override
    public Integer call() throws IOException {
        JsonNode root;
        try (InputStream in = request == null ? System.in : Files.newInputStream(request.toPath())) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new EvalInputException("request", "invalid JSON: " + e.getOriginalMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new EvalInputException("request", "no such file " + request);
        }
        ObjectNode answer = evaluate(new EvalRequest(root));
        System.out.println(JSON.writeValueAsString(answer));
        return 0;
    }

    /** Validates and runs one request; shared with tests. */
    static ObjectNode evaluate(EvalRequest req) {
        Map<String, EvalAlgorithm> algorithms = EvalAlgorithms.byName();
        String name = req.string("algorithm");
        if (!algorithms.containsKey(name))
            throw new EvalInputException("algorithm", "unknown value '" + name + "' (expected one of " + algorithms.keySet() + ")");
        BackendKind kind = req.has("backend") ? parseBackend(req.string("backend")) : Backends.configured();
        Precision precision = req.has("precision") ? parsePrecision(req.string("precision")) : Precision.F32;
        try (Backend backend = Backends.open(kind)) {
            if (!backend.supports(precision))
                throw new EvalInputException("precision", precision + " is not supported by " + backend);
            ObjectNode answer = JSON.createObjectNode();
            answer.put("backend", backend.kind().toString());
            answer.put("precision", precision.toString());
            EvalAlgorithm algorithm = algorithms.get(name);
            algorithm.evaluate(req, backend, precision, answer);
            NewtonEval.apply(req, algorithm, backend, precision, answer);
            return answer;
        }
    }

    private static BackendKind parseBackend(String s) {
        try {
            return BackendKind.parse(s, "backend");
        } catch (IllegalArgumentException e) {
            throw new EvalInputException("backend", "unknown value '" + s + "' (expected cpu, opencl, cuda or auto)");
        }
    }

    private static Precision parsePrecision(String s) {
        try {
            return Precision.parse(s, "precision");
        } catch (IllegalArgumentException e) {
            throw new EvalInputException("precision", "unknown value '" + s + "' (expected f32 or f64)");
        }
    }
}
