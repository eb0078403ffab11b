package org.newton4j.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.newton4j.cli.eval.EvalAlgorithms;
import org.newton4j.cli.eval.EvalInputException;
import org.newton4j.cli.eval.EvalRequest;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;

/** The eval handler: answers agree with the library, and every bad field is named. */
class PathEvalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COST = "[[[1,2,1],[1,3,1],[2,1,1]],[[0.5,1,2],[2,0.5,1],[1,2,0.5]]]";
    private static final String TRUTH = "[[[1,0,0],[0,1,0],[0,0,1]],[[1,0,0],[0,1,0],[0,0,1]]]";

    private static ObjectNode eval(String json) throws Exception {
        JsonNode req = JSON.readTree(json);
        ObjectNode answer = JSON.createObjectNode();
        EvalAlgorithms.byName().get(req.get("algorithm").asText()).evaluate(new EvalRequest(req), CpuBackend.shared(), Precision.F64, answer);
        return answer;
    }

    private static String fieldOf(String json) {
        return assertThrows(EvalInputException.class, () -> eval(json)).field();
    }

    @Test
    void relaxedBellmanFordAnswersMatchTheLibrary() throws Exception {
        ObjectNode a = eval("{\"algorithm\":\"relaxed_bellman_ford\",\"beta\":2,\"iterations\":5,\"tconorm\":\"hamacher\",\"p\":0.5,"
                + "\"loop\":\"while\",\"loss\":\"l1\",\"cost\":" + COST + ",\"truth\":" + TRUTH
                + ",\"outputs\":[\"path\",\"loss\",\"gradient\",\"hessian\"]}");
        RelaxedBellmanFord op = RelaxedBellmanFord.builder().grid(3, 3).beta(2).iterations(5).tconorm(TConorm.hamacher(0.5))
                .loop(Loop.WHILE).loss(PathLoss.L1).build();
        double[] cost = {0.5, 1, 2, 2, 0.5, 1, 1, 2, 0.5}, truth = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        double[][] direct = RelaxedBellmanFordGradientTest.run(op, cost, truth, true);
        assertEquals(direct[1][0], a.get("loss").get(1).asDouble(), 1e-15);
        assertEquals(direct[0][4], a.get("path").get(1).get(1).get(1).asDouble(), 1e-15);
        assertEquals(direct[2][7], a.get("gradient").get(1).get(7).asDouble(), 1e-15);
        assertEquals(direct[3][3 * 9 + 5], a.get("hessian").get(1).get(3).get(5).asDouble(), 1e-15);
    }

    @Test
    void exactAndStochasticAlgorithmsAnswer() throws Exception {
        ObjectNode a = eval("{\"algorithm\":\"shortest_path\",\"cost\":" + COST + "}");
        assertEquals(1, a.get("path").get(0).get(2).get(2).asDouble());
        for (String alg : new String[] {"stochastic_smoothing_loss", "stochastic_smoothing_algorithm", "perturbed_optimizer"}) {
            ObjectNode s = eval("{\"algorithm\":\"" + alg + "\",\"samples\":3,\"epsilon\":0.5,\"seed\":7,\"noise\":\"cauchy\","
                    + "\"cost\":" + COST + ",\"truth\":" + TRUTH + ",\"outputs\":[\"loss\",\"gradient\",\"hessian\"]}");
            assertEquals(2, s.get("gradient").size());
            assertEquals(9, s.get("hessian").get(0).size());
            ObjectNode again = eval("{\"algorithm\":\"" + alg + "\",\"samples\":3,\"epsilon\":0.5,\"seed\":7,\"noise\":\"cauchy\","
                    + "\"cost\":" + COST + ",\"truth\":" + TRUTH + ",\"outputs\":[\"loss\",\"gradient\",\"hessian\"]}");
            assertEquals(s, again, "same seed, same answer");
        }
    }

    @Test
    void badInputNamesTheField() {
        String ok = "\"cost\":" + COST + ",\"truth\":" + TRUTH;
        assertEquals("cost", fieldOf("{\"algorithm\":\"relaxed_bellman_ford\",\"cost\":[[[1,-2],[1,1]]],\"truth\":[[[1,0],[0,1]]]}"));
        assertEquals("cost", fieldOf("{\"algorithm\":\"relaxed_bellman_ford\",\"cost\":[[[1,0],[1,1]]],\"truth\":[[[1,0],[0,1]]]}"));
        assertEquals("cost", fieldOf("{\"algorithm\":\"shortest_path\",\"cost\":[[[1,2],[1]]]}"));
        assertEquals("cost", fieldOf("{\"algorithm\":\"shortest_path\",\"cost\":[[[1,2],[1,\"x\"]]]}"));
        assertEquals("truth", fieldOf("{\"algorithm\":\"relaxed_bellman_ford\",\"cost\":[[[1,2],[1,1]]],\"truth\":[[[1,0.5],[0,1]]]}"));
        assertEquals("truth", fieldOf("{\"algorithm\":\"relaxed_bellman_ford\",\"cost\":[[[1,2],[1,1]]],\"truth\":[[[1,0,0],[0,1,0]]]}"));
        assertEquals("tconorm", fieldOf("{\"algorithm\":\"relaxed_bellman_ford\",\"tconorm\":\"max\"," + ok + "}"));
        assertEquals("loop", fieldOf("{\"algorithm\":\"relaxed_bellman_ford\",\"loop\":\"until\"," + ok + "}"));
        assertEquals("loss", fieldOf("{\"algorithm\":\"relaxed_bellman_ford\",\"loss\":\"l3\"," + ok + "}"));
        assertEquals("beta", fieldOf("{\"algorithm\":\"relaxed_bellman_ford\",\"beta\":0," + ok + "}"));
        assertEquals("p", fieldOf("{\"algorithm\":\"relaxed_bellman_ford\",\"tconorm\":\"hamacher\",\"p\":-1," + ok + "}"));
        assertEquals("iterations", fieldOf("{\"algorithm\":\"relaxed_bellman_ford\",\"iterations\":0," + ok + "}"));
        assertEquals("outputs", fieldOf("{\"algorithm\":\"relaxed_bellman_ford\",\"outputs\":[\"permutation\"]," + ok + "}"));
        assertEquals("samples", fieldOf("{\"algorithm\":\"perturbed_optimizer\",\"samples\":1," + ok + "}"));
        assertEquals("epsilon", fieldOf("{\"algorithm\":\"perturbed_optimizer\",\"epsilon\":-1," + ok + "}"));
        assertEquals("noise", fieldOf("{\"algorithm\":\"perturbed_optimizer\",\"noise\":\"laplace\"," + ok + "}"));
        assertTrue(fieldOf("{\"algorithm\":\"relaxed_bellman_ford\",\"truth\":" + TRUTH + "}").equals("cost"));
    }

    @Test
    void newtonBlockUsesTheRelaxedAndStochasticLosses() throws Exception {
        for (String alg : new String[] {"relaxed_bellman_ford", "perturbed_optimizer", "stochastic_smoothing_loss"}) {
            String json = "{\"algorithm\":\"" + alg + "\",\"beta\":2,\"iterations\":5,\"samples\":5,\"epsilon\":0.5,"
                    + "\"cost\":" + COST + ",\"truth\":" + TRUTH + ",\"newton\":{\"curvature\":\"hessian\",\"scope\":\"sample\",\"lambda\":1}}";
            JsonNode req = JSON.readTree(json);
            ObjectNode answer = JSON.createObjectNode();
            PathEval eval = new PathEval();
            eval.evaluate(new EvalRequest(req), CpuBackend.shared(), Precision.F64, answer);
            org.newton4j.cli.eval.NewtonEval.apply(new EvalRequest(req), eval, CpuBackend.shared(), Precision.F64, answer);
            assertEquals(2, answer.get("target").size(), alg);
            assertEquals(9, answer.get("target").get(0).size(), alg);
        }
        assertEquals("newton", assertThrows(EvalInputException.class, () -> {
            JsonNode req = JSON.readTree("{\"algorithm\":\"shortest_path\",\"cost\":" + COST + ",\"newton\":{\"lambda\":1}}");
            org.newton4j.cli.eval.NewtonEval.apply(new EvalRequest(req), new PathEval(), CpuBackend.shared(), Precision.F64, JSON.createObjectNode());
        }).field());
    }
}
