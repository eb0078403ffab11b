package org.newton4j.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.path.PathOutputs;
import org.newton4j.path.RelaxedBellmanFord;
import org.newton4j.path.ShortestPath;

/**
 * Relaxed Bellman-Ford on 12×12 maps (β = 10, T = 24, probabilistic t-conorm, for loop, L2² loss),
 * float32: path + loss + gradient ({@code relaxed_bf_fwd_grad}), the same with the exact 144×144
 * Hessian per map ({@code relaxed_bf_hessian}, at B = 64 and 1024), and the exact batched solver
 * ({@code exact_solver}). Floor: costs and truths read once, outputs written once.
 * PyTorch's reference: an AlgoVision-style relaxed Bellman-Ford with autograd (bench/torch_ref.py).
 */
public final class PathCase implements SuiteCase {
    static final int SIDE = 12, CELLS = SIDE * SIDE;

    @Override public String family() { return "path"; }

    static RelaxedBellmanFord operation() {
        return RelaxedBellmanFord.builder().grid(SIDE, SIDE).beta(10).iterations(2 * SIDE).build();
    }

    @Override
    public List<SuiteRow> run(Backend backend, Floor floor, Timing timing, boolean quick) {
        boolean cuda = backend.kind() == BackendKind.CUDA;
        int[] forward = quick ? new int[] {64} : cuda ? new int[] {1024, 65_536} : new int[] {64, 1024};
        int[] hessian = quick ? new int[] {16} : new int[] {64, 1024};
        int[] exact = quick ? new int[] {64} : cuda ? new int[] {65_536} : new int[] {1024};
        RelaxedBellmanFord op = operation();
        ShortestPath solver = new ShortestPath(SIDE, SIDE);
        List<SuiteRow> rows = new ArrayList<>();
        for (int b : forward) rows.add(relaxed(backend, floor, timing, op, b, false));
        for (int b : hessian) rows.add(relaxed(backend, floor, timing, op, b, true));
        for (int b : exact) rows.add(exact(backend, floor, timing, solver, b));
        return rows;
    }

    /** Random positive costs (and, with truth, paths as 0/1 masks) for a batch of maps. */
    static Rotation inputs(Backend be, Precision p, Timing timing, int batch, Random rnd, boolean truth) {
        return new Rotation(Rotation.copiesFor(timing, 2L * batch * CELLS * p.bytes()), c -> {
            double[] cost = new double[batch * CELLS], t = new double[batch * CELLS];
            for (int i = 0; i < cost.length; i++) {
                cost[i] = 0.5 + 4 * rnd.nextDouble();
                t[i] = rnd.nextInt(5) == 0 ? 1 : 0;
            }
            return truth ? new DeviceBuffer[] {be.upload(p, cost), be.upload(p, t)} : new DeviceBuffer[] {be.upload(p, cost)};
        });
    }

    private SuiteRow relaxed(Backend be, Floor floor, Timing timing, RelaxedBellmanFord op, int batch, boolean hessian) {
        Precision p = Precision.F32;
        long m = (long) batch * CELLS;
        try (Rotation in = inputs(be, p, timing, batch, new Random(batch), true);
             DeviceBuffer path = be.allocate(p, m);
             DeviceBuffer loss = be.allocate(p, batch);
             DeviceBuffer grad = be.allocate(p, m);
             DeviceBuffer hess = hessian ? be.allocate(p, m * CELLS) : null) {
            PathOutputs out = new PathOutputs(path, loss, grad, hess);
            double ms = timing.medianMillis(be, c -> op.evaluate(in.get(c)[0], in.get(c)[1], batch, out));
            long words = 4 * m + batch + (hessian ? m * CELLS : 0);
            return new SuiteRow("path", hessian ? "relaxed_bf_hessian" : "relaxed_bf_fwd_grad", "12x12 B=" + batch,
                    p.toString(), be.kind().toString(), ms, floor.millisFor(words * p.bytes()));
        }
    }

    private SuiteRow exact(Backend be, Floor floor, Timing timing, ShortestPath solver, int batch) {
        Precision p = Precision.F32;
        long m = (long) batch * CELLS;
        try (Rotation in = inputs(be, p, timing, batch, new Random(batch + 1), false);
             DeviceBuffer path = be.allocate(p, m)) {
            double ms = timing.medianMillis(be, c -> solver.solve(in.get(c)[0], batch, path));
            return new SuiteRow("path", "exact_solver", "12x12 B=" + batch, p.toString(), be.kind().toString(), ms,
                    floor.millisFor(2 * m * p.bytes()));
        }
    }
}
