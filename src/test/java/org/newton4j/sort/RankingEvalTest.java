package org.newton4j.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.newton4j.cli.eval.EvalAlgorithms;
import org.newton4j.cli.eval.EvalInputException;
import org.newton4j.cli.eval.EvalRequest;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;

/** The eval handler: registration, answer shapes and values, and bad input named by field. */
class RankingEvalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode run(String request) throws Exception {
        ObjectNode answer = JSON.createObjectNode();
        new RankingEval().evaluate(new EvalRequest(JSON.readTree(request)), CpuBackend.shared(), Precision.F64, answer);
        return answer;
    }

    @Test
    void registeredForEveryAlgorithmName() {
        for (String name : new String[] {"odd_even", "bitonic", "neuralsort", "softsort"})
            assertTrue(EvalAlgorithms.byName().get(name) instanceof RankingEval, name);
    }

    @Test
    void answersWithTheRequestedOutputsInNestedArrays() throws Exception {
        ObjectNode a = run("{\"algorithm\":\"bitonic\",\"relaxation\":\"cauchy\",\"steepness\":3,"
                + "\"x\":[[0.3,-1.2,0.8],[2,1,0]],\"ranks\":[[1,0,2],[2,1,0]],"
                + "\"outputs\":[\"permutation\",\"sorted\",\"loss\",\"gradient\",\"hessian\"]}");
        RankingResult direct = RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.CAUCHY, 3)
                .evaluate(new double[] {0.3, -1.2, 0.8, 2, 1, 0}, new int[] {1, 0, 2, 2, 1, 0}, 3, EnumSet.allOf(RankingOutput.class));
        assertEquals(2, a.get("loss").size());
        assertEquals(direct.loss()[1], a.get("loss").get(1).asDouble(), 0.0);
        assertEquals(direct.gradient()[4], a.get("gradient").get(1).get(1).asDouble(), 0.0);
        assertEquals(direct.permutation()[9 + 2 * 3 + 1], a.get("permutation").get(1).get(2).get(1).asDouble(), 0.0);
        assertEquals(direct.hessian()[9 + 3 + 2], a.get("hessian").get(1).get(1).get(2).asDouble(), 0.0);
        assertEquals(direct.sorted()[2], a.get("sorted").get(0).get(2).asDouble(), 0.0);

        ObjectNode only = run("{\"algorithm\":\"softsort\",\"tau\":0.5,\"x\":[[1,2]],\"outputs\":[\"sorted\"]}");
        assertTrue(only.has("sorted"));
        assertFalse(only.has("loss"));
        JsonNode ns = run("{\"algorithm\":\"neuralsort\",\"x\":[[1,2,0]],\"ranks\":[[1,2,0]]}");
        assertTrue(ns.has("permutation") && ns.has("loss") && ns.has("gradient"));
    }

    @Test
    void offersItsLossToTheNewtonBlock() throws Exception {
        EvalRequest req = new EvalRequest(JSON.readTree(
                "{\"algorithm\":\"odd_even\",\"relaxation\":\"logistic\",\"steepness\":2,\"x\":[[1,0,2],[0,1,2]],\"ranks\":[[1,0,2],[0,1,2]]}"));
        org.newton4j.cli.eval.NewtonSubject subject = new RankingEval().newtonSubject(req, CpuBackend.shared(), Precision.F64);
        assertEquals(3, subject.loss().dimension());
        assertEquals(2, subject.n());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 0, 2, 0, 1, 2}, subject.intTargets());
        EvalInputException e = assertThrows(EvalInputException.class, () -> new RankingEval().newtonSubject(
                new EvalRequest(JSON.readTree("{\"algorithm\":\"softsort\",\"x\":[[1,0]],\"ranks\":[[1,1]]}")),
                CpuBackend.shared(), Precision.F64));
        assertEquals("ranks", e.field());
    }

    @Test
    void badInputNamesTheField() {
        assertField("ranks", "{\"algorithm\":\"odd_even\",\"x\":[[1,2,3]],\"ranks\":[[0,0,2]]}");
        assertField("ranks", "{\"algorithm\":\"odd_even\",\"x\":[[1,2,3]],\"ranks\":[[0,1,3]]}");
        assertField("ranks", "{\"algorithm\":\"odd_even\",\"x\":[[1,2,3]],\"ranks\":[[0,1]]}");
        assertField("ranks", "{\"algorithm\":\"odd_even\",\"x\":[[1,2,3]],\"ranks\":[[0,1.5,2]]}");
        assertField("ranks", "{\"algorithm\":\"odd_even\",\"x\":[[1,2,3]]}");
        assertField("x", "{\"algorithm\":\"odd_even\",\"x\":[[1]],\"ranks\":[[0]]}");
        assertField("x", "{\"algorithm\":\"odd_even\",\"x\":[[1,\"NaN\"]],\"ranks\":[[0,1]]}");
        assertField("x", "{\"algorithm\":\"odd_even\",\"x\":[[1,2],[3]],\"ranks\":[[0,1],[0,1]]}");
        assertField("steepness", "{\"algorithm\":\"bitonic\",\"steepness\":0,\"x\":[[1,2]],\"ranks\":[[0,1]]}");
        assertField("steepness", "{\"algorithm\":\"bitonic\",\"steepness\":-3,\"x\":[[1,2]],\"ranks\":[[0,1]]}");
        assertField("tau", "{\"algorithm\":\"softsort\",\"tau\":0,\"x\":[[1,2]],\"ranks\":[[0,1]]}");
        assertField("tau", "{\"algorithm\":\"neuralsort\",\"tau\":-1,\"x\":[[1,2]],\"ranks\":[[0,1]]}");
        assertField("relaxation", "{\"algorithm\":\"odd_even\",\"relaxation\":\"sigmoid\",\"x\":[[1,2]],\"ranks\":[[0,1]]}");
        assertField("art_lambda", "{\"algorithm\":\"odd_even\",\"relaxation\":\"logistic_phi\",\"art_lambda\":-1,\"x\":[[1,2]],\"ranks\":[[0,1]]}");
        assertField("outputs", "{\"algorithm\":\"odd_even\",\"x\":[[1,2]],\"ranks\":[[0,1]],\"outputs\":[\"path\"]}");
    }

    private static void assertField(String field, String request) {
        EvalInputException e = assertThrows(EvalInputException.class, () -> run(request), request);
        assertEquals(field, e.field(), e.getMessage());
    }
}
