package org.newton4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newton4j.cli.eval.EvalInputException;
import org.newton4j.cli.eval.EvalRequest;

/** The eval contract for "solve": answers, and one-line errors with exit status 2. */
class EvalCommandTest {
    @TempDir Path dir;

    private static ObjectNode eval(String json) throws Exception {
        return EvalCommand.evaluate(new EvalRequest(EvalCommand.JSON.readTree(json)));
    }

    @Test
    void solvesAndReportsStatusPerMatrix() throws Exception {
        ObjectNode a = eval("{\"algorithm\":\"solve\",\"backend\":\"cpu\",\"precision\":\"f64\","
                + "\"matrices\":[[[4,1],[1,3]],[[1,2],[2,1]]],\"rhs\":[[1,2],[1,1]],\"lambda\":0}");
        assertEquals("cpu", a.get("backend").asText());
        assertEquals("f64", a.get("precision").asText());
        // [[4,1],[1,3]] x = [1,2]  ->  x = [1/11, 7/11]
        assertEquals(1.0 / 11, a.get("solution").get(0).get(0).asDouble(), 1e-15);
        assertEquals(7.0 / 11, a.get("solution").get(0).get(1).asDouble(), 1e-15);
        assertEquals(0, a.get("status").get(0).asInt());
        assertEquals(1, a.get("status").get(1).asInt(), "indefinite matrix reported");
        assertTrue(a.get("solution").get(1).get(0).isNull(), "no number for a failed solve");
    }

    @Test
    void meanAndLambda() throws Exception {
        // mean of [[2,0],[0,2]] and [[4,0],[0,4]] is 3I; with λ = 1: x = r / 4
        ObjectNode a = eval("{\"algorithm\":\"solve\",\"backend\":\"cpu\",\"precision\":\"f64\",\"mean\":true,\"lambda\":1,"
                + "\"matrices\":[[[2,0],[0,2]],[[4,0],[0,4]]],\"rhs\":[[4,8],[1,2]]}");
        JsonNode x = a.get("solution");
        assertEquals(1, x.get(0).get(0).asDouble(), 1e-15);
        assertEquals(0.5, x.get(1).get(1).asDouble(), 1e-15);
    }

    @Test
    void badInputNamesTheField() {
        assertField("matrices", "{\"algorithm\":\"solve\",\"matrices\":[[[1,2],[3,1]]],\"rhs\":[[1,1]]}");
        assertField("matrices", "{\"algorithm\":\"solve\",\"matrices\":[[[1,0],[0]]],\"rhs\":[[1,1]]}");
        assertField("rhs", "{\"algorithm\":\"solve\",\"matrices\":[[[1,0],[0,1]]]}");
        assertField("rhs", "{\"algorithm\":\"solve\",\"matrices\":[[[1,0],[0,1]]],\"rhs\":[[1,\"x\"]]}");
        assertField("lambda", "{\"algorithm\":\"solve\",\"matrices\":[[[1,0],[0,1]]],\"rhs\":[[1,1]],\"lambda\":-1}");
        assertField("algorithm", "{\"algorithm\":\"nope\"}");
        assertField("algorithm", "{}");
        assertField("backend", "{\"algorithm\":\"solve\",\"backend\":\"tpu\",\"matrices\":[[[1]]],\"rhs\":[[1]]}");
        assertField("precision", "{\"algorithm\":\"solve\",\"precision\":\"f16\",\"matrices\":[[[1]]],\"rhs\":[[1]]}");
        assertField("request", "[1,2]");
    }

    private static void assertField(String field, String json) {
        EvalInputException e = assertThrows(EvalInputException.class, () -> eval(json));
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void commandLineExitsWithTwoAndOneLineOnBadInput() throws Exception {
        Path req = dir.resolve("bad.json");
        Files.writeString(req, "{\"algorithm\":\"solve\",\"matrices\":[[[1,0],[0,1]]],\"rhs\":[[1,1]],\"lambda\":-2}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true));
            code = Main.execute("eval", req.toString());
        } finally {
            System.setErr(old);
        }
        assertEquals(Main.BAD_INPUT, code);
        String text = err.toString().trim();
        assertFalse(text.contains("\n"), "one line: " + text);
        assertTrue(text.contains("lambda"), text);
        Files.writeString(req, "{not json");
        assertEquals(Main.BAD_INPUT, Main.execute("eval", req.toString()));
        assertEquals(Main.BAD_INPUT, Main.execute("eval", dir.resolve("missing.json").toString()));
        assertEquals(Main.BAD_INPUT, Main.execute("no-such-command"));
    }

    @Test
    void newtonBlockAddsTargetAndSurrogateGradient() throws Exception {
        // MSE with m = 2, λ = 1: d = g/(2/m + λ) = (y − t)/2, so z* = (y + t)/2 and the surrogate gradient is d/N
        ObjectNode a = eval("{\"algorithm\":\"mse\",\"backend\":\"cpu\",\"precision\":\"f64\","
                + "\"y\":[[1,2],[3,4]],\"target\":[[0,0],[1,1]],\"newton\":{\"curvature\":\"hessian\",\"scope\":\"sample\",\"lambda\":1}}");
        assertEquals(0.5, a.get("target").get(0).get(0).asDouble(), 1e-15);
        assertEquals(2.5, a.get("target").get(1).get(1).asDouble(), 1e-15);
        assertEquals(0.25, a.get("surrogate_gradient").get(0).get(0).asDouble(), 1e-15);
        assertEquals(1.0, a.get("loss").get(1).asDouble() / 6.5, 1e-15);   // ((3−1)² + (4−1)²)/2 = 6.5
        ObjectNode ce = eval("{\"algorithm\":\"softmax_cross_entropy\",\"backend\":\"cpu\",\"precision\":\"f64\","
                + "\"y\":[[1,2,0.5]],\"labels\":[2],\"outputs\":[\"hessian\"],\"newton\":{\"curvature\":\"fisher\",\"lambda\":0.5}}");
        assertEquals(3, ce.get("hessian").get(0).size());
        assertEquals(3, ce.get("target").get(0).size());
        assertTrue(ce.get("newton_report").asText().contains("fisher"));
    }

    @Test
    void newtonBlockErrorsNameTheField() {
        String base = "{\"algorithm\":\"mse\",\"y\":[[1,2]],\"target\":[[0,0]],\"newton\":";
        assertField("newton.lambda", base + "{\"lambda\":0}}");
        assertField("newton.lambda", base + "{\"lambda\":-1}}");
        assertField("newton.lambda", base + "{\"curvature\":\"fisher\"}}");
        assertField("newton.curvature", base + "{\"lambda\":1,\"curvature\":\"gauss\"}}");
        assertField("newton.scope", base + "{\"lambda\":1,\"scope\":\"everything\"}}");
        assertField("newton.policy", base + "{\"lambda\":1,\"policy\":\"hope\"}}");
        assertField("newton", "{\"algorithm\":\"solve\",\"matrices\":[[[1]]],\"rhs\":[[1]],\"newton\":{\"lambda\":1}}");
        assertField("labels", "{\"algorithm\":\"softmax_cross_entropy\",\"y\":[[1,2]],\"labels\":[2]}");
        assertField("target", "{\"algorithm\":\"mse\",\"y\":[[1,2]],\"target\":[[0,0,0]]}");
    }
}
