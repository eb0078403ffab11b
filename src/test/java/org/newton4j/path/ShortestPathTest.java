package org.newton4j.path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.newton4j.device.Precision;

/** The exact solver against brute force enumeration of every simple path on tiny grids. */
class ShortestPathTest {

    /** Minimum over all simple 8-connected paths from 0 to n−1 of the sum of costs (source excluded). */
    private static double bruteForce(GridGraph g, double[] c, int off, int v, boolean[] seen, double acc, int[] best, int[] cur, int len, double[] bestCost) {
        cur[len] = v;
        if (v == g.target()) {
            if (acc < bestCost[0]) {
                bestCost[0] = acc;
                java.util.Arrays.fill(best, 0);
                for (int i = 0; i <= len; i++) best[cur[i]] = 1;
            }
            return acc;
        }
        seen[v] = true;
        for (int k = 0; k < 8; k++) {
            int u = g.neighbour(v, k);
            if (u >= 0 && !seen[u]) bruteForce(g, c, off, u, seen, acc + c[off + u], best, cur, len + 1, bestCost);
        }
        seen[v] = false;
        return bestCost[0];
    }

    @Test
    void matchesBruteForceOnTinyGrids() {
        Random r = new Random(5);
        int[][] shapes = {{2, 2}, {2, 3}, {3, 2}, {3, 3}, {1, 4}, {3, 4}};
        for (int[] s : shapes) {
            ShortestPath sp = new ShortestPath(s[0], s[1]);
            GridGraph g = sp.grid();
            int m = g.cells(), batch = 20;
            double[] c = new double[batch * m];
            for (int i = 0; i < c.length; i++) c[i] = 0.1 + r.nextDouble() * (r.nextBoolean() ? 1 : 10);
            double[] path = sp.solve(c, Precision.F64);
            for (int b = 0; b < batch; b++) {
                int[] best = new int[m];
                double[] bestCost = {Double.POSITIVE_INFINITY};
                bruteForce(g, c, b * m, 0, new boolean[m], 0, best, new int[m], 0, bestCost);
                double[] expected = new double[m], got = new double[m];
                double gotCost = 0;
                for (int v = 0; v < m; v++) {
                    expected[v] = best[v];
                    got[v] = path[b * m + v];
                    if (v != 0) gotCost += got[v] * c[b * m + v];
                }
                assertEquals(bestCost[0], gotCost, 1e-12, "path cost " + s[0] + "x" + s[1] + " map " + b);
                assertArrayEquals(expected, got, "path " + s[0] + "x" + s[1] + " map " + b);
            }
        }
    }

    @Test
    void tiesBreakTowardTheFirstNeighbourInRowMajorOrder() {
        // uniform costs on 3x3: the diagonal is the unique shortest path; on 2x3 two paths tie
        ShortestPath sp = new ShortestPath(3, 3);
        double[] ones = new double[9];
        java.util.Arrays.fill(ones, 1);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, sp.solve(ones, Precision.F64));
        ShortestPath wide = new ShortestPath(2, 3);
        double[] c = {1, 1, 1, 1, 1, 1};
        // target 5 = (1,2): neighbours (0,1)=1 and (1,1)=4 both at distance 1 -> first in order, cell 1
        assertArrayEquals(new double[] {1, 1, 0, 0, 0, 1}, wide.solve(c, Precision.F64));
    }

    @Test
    void rejectsBadCosts() {
        ShortestPath sp = new ShortestPath(2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sp.solve(new double[] {1, 0, 1, 1}, Precision.F64));
        assertTrue(e.getMessage().startsWith("cost"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sp.solve(new double[] {1, Double.NaN, 1, 1}, Precision.F64));
        assertThrows(IllegalArgumentException.class, () -> sp.solve(new double[] {1, 1, 1}, Precision.F64));
        assertThrows(IllegalArgumentException.class, () -> new ShortestPath(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new ShortestPath(33, 3));
    }
}
