package org.newton4j.path;

import java.util.Arrays;
import java.util.PriorityQueue;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Kernel;
import org.newton4j.device.Launch;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.device.cpu.CpuBuffer;

/**
 * Exact batched shortest paths on H×W grids of positive vertex costs (8-connected, top-left to
 * bottom-right): returns the 0/1 indicator of the optimal path. Dijkstra on the CPU; on OpenCL and
 * CUDA Bellman-Ford sweeps, one work-group per map (kernels/common/path.h {@code sp_sweep}).
 *
 * <p>Distances: dist(source) = 0, dist(v) = min over neighbours u of dist(u) + c(v), accumulated
 * in the buffer's precision, so every backend reaches the same fixed point bit for bit. Ties are
 * broken identically everywhere: the predecessor of v is its neighbour of smallest distance, the
 * first in row-major 3×3 order among equals.
 */
public final class ShortestPath {
    private final GridGraph grid;

    public ShortestPath(int height, int width) { this.grid = new GridGraph(height, width); }

    public GridGraph grid() { return grid; }

    /** Writes the 0/1 indicators (N×H·W) of the shortest paths of cost (N×H·W, positive, finite). */
    public void solve(DeviceBuffer cost, int batch, DeviceBuffer path) {
        PathInputs.requireBatch(batch);
        if (cost == null) throw new IllegalArgumentException("cost: missing");
        long m = grid.cells();
        if (cost.length() < batch * m) throw new IllegalArgumentException("cost: needs " + batch * m + " elements, has " + cost.length());
        Backend b = cost.backend();
        PathInputs.requireReal(path, "path", batch * m, b, cost.type());
        PathInputs.checkedCosts(cost, batch * m);
        if (b instanceof NativeBackend nb) solveNative(nb, cost, batch, path);
        else solveCpu(cost, batch, path);
    }

    /** Host convenience: the indicators of the shortest paths of costs (N×H·W) in the given precision. */
    public double[] solve(double[] cost, Precision precision) {
        int m = grid.cells();
        if (cost.length % m != 0) throw new IllegalArgumentException("cost: length " + cost.length + " is not a multiple of " + m);
        CpuBackend cpu = CpuBackend.shared();
        try (DeviceBuffer c = cpu.upload(precision, cost); DeviceBuffer p = cpu.allocate(precision, cost.length)) {
            solve(c, cost.length / m, p);
            return cpu.toDoubles(p);
        }
    }

    /** Solves host costs (N×H·W) on a backend in a precision; returns the indicators. */
    public double[] solveOn(Backend backend, Precision precision, double[] cost) {
        int m = grid.cells();
        if (cost.length == 0 || cost.length % m != 0) throw new IllegalArgumentException("cost: length " + cost.length + " is not a positive multiple of " + m);
        try (DeviceBuffer c = backend.upload(precision, cost); DeviceBuffer p = backend.allocate(precision, cost.length)) {
            solve(c, cost.length / m, p);
            return backend.toDoubles(p);
        }
    }

    private void solveCpu(DeviceBuffer cost, int batch, DeviceBuffer path) {
        int m = grid.cells();
        double[] c = CpuBackend.buffer(cost).reals();
        CpuBuffer out = CpuBackend.buffer(path);
        Precision p = cost.precision();
        CpuBackend.parallelFor(batch, i -> {
            double[] dist = dijkstra(c, i * m, p);
            int[] onPath = new int[m];
            markPath(dist, onPath);
            for (int v = 0; v < m; v++) out.store(i * m + v, onPath[v]);
        });
    }

    /** Distances from the source, each sum rounded to precision p. */
    double[] dijkstra(double[] c, int off, Precision p) {
        int m = grid.cells();
        double[] dist = new double[m];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        boolean[] done = new boolean[m];
        dist[0] = 0;
        PriorityQueue<double[]> heap = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        heap.add(new double[] {0, 0});
        while (!heap.isEmpty()) {
            int v = (int) heap.poll()[1];
            if (done[v]) continue;
            done[v] = true;
            for (int k = 0; k < 8; k++) {
                int u = grid.neighbour(v, k);
                if (u < 0 || done[u]) continue;
                double nd = p.round(dist[v] + c[off + u]);
                if (nd < dist[u]) {
                    dist[u] = nd;
                    heap.add(new double[] {nd, u});
                }
            }
        }
        return dist;
    }

    /** Follows the canonical predecessors from the target back to the source. */
    void markPath(double[] dist, int[] onPath) {
        int v = grid.target();
        for (int guard = 0; guard <= grid.cells(); guard++) {
            onPath[v] = 1;
            if (v == 0) return;
            v = predecessor(dist, v);
        }
        throw new IllegalStateException("shortest path: predecessor walk did not reach the source (costs below the precision's resolution?)");
    }

    int predecessor(double[] dist, int v) {
        int best = -1;
        for (int k = 0; k < 8; k++) {
            int u = grid.neighbour(v, k);
            if (u >= 0 && (best < 0 || dist[u] < dist[best])) best = u;
        }
        return best;
    }

    private void solveNative(NativeBackend nb, DeviceBuffer cost, int batch, DeviceBuffer path) {
        Precision p = cost.precision();
        int m = grid.cells();
        Kernel k = nb.kernel("path", "sp_sweep", p);
        int groupSize = m <= 64 ? 64 : m <= 128 ? 128 : 256;
        long local = 2L * m * p.bytes() + 16;
        nb.launch(k, new Launch(batch, groupSize, local), cost, path, grid.height(), grid.width());
        nb.synchronize();
    }
}
