package org.newton4j.train;

import org.newton4j.device.Precision;
import org.newton4j.path.ShortestPath;

/**
 * Test metrics of predicted costs: the exact solver's path on the predicted costs is compared with
 * the true shortest path. exactMatch = fraction of maps whose path equals the truth on every cell
 * (the papers' Warcraft accuracy); regret = mean over maps of the relative excess true cost of the
 * predicted path, (c·p̂ − c·p*) / c·p* (0 for an optimal path, also for an equally cheap other one).
 */
public record PathMetrics(int maps, double exactMatch, double regret) {
    /** Scores N maps: predicted and true costs N×k·k, true paths N×k·k (0/1). */
    public static PathMetrics of(double[] predicted, double[] trueCosts, double[] truePaths, int side) {
        int m = side * side, n = predicted.length / m;
        if (predicted.length != (long) n * m || trueCosts.length != predicted.length || truePaths.length != predicted.length)
            throw new IllegalArgumentException("path metrics: predicted " + predicted.length + ", costs " + trueCosts.length
                    + ", paths " + truePaths.length + " values; expected equal multiples of " + m);
        double[] paths = new ShortestPath(side, side).solve(predicted, Precision.F64);
        int exact = 0;
        double regret = 0;
        for (int i = 0; i < n; i++) {
            boolean same = true;
            double mine = 0, best = 0;
            for (int v = i * m; v < (i + 1) * m; v++) {
                same &= paths[v] == truePaths[v];
                mine += trueCosts[v] * paths[v];
                best += trueCosts[v] * truePaths[v];
            }
            if (same) exact++;
            regret += (mine - best) / best;
        }
        return new PathMetrics(n, (double) exact / n, regret / n);
    }

    /** The metrics of the union of two disjoint sets of maps. */
    public PathMetrics merge(PathMetrics o) {
        int total = maps + o.maps;
        return new PathMetrics(total, (exactMatch * maps + o.exactMatch * o.maps) / total, (regret * maps + o.regret * o.maps) / total);
    }
}
