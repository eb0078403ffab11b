package org.newton4j.cli.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.newton4j.path.PathEval;
import org.newton4j.sort.RankingEval;

/** The registry of eval algorithm families. Each package adds its handler to {@link #all()}: one line each. */
public final class EvalAlgorithms {
    private EvalAlgorithms() { }

    private static List<EvalAlgorithm> all() {
        List<EvalAlgorithm> list = new ArrayList<>();
        list.add(new SolveEval());
        list.add(new LossEval());
        list.add(new RankingEval());
        list.add(new PathEval());
        return list;
    }

    public static Map<String, EvalAlgorithm> byName() {
        Map<String, EvalAlgorithm> map = new LinkedHashMap<>();
        for (EvalAlgorithm a : all()) for (String n : a.names()) map.put(n, a);
        return map;
    }
}
