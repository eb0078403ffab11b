package org.newton4j.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.optim.AdamCoefficients;
import org.newton4j.optim.AliceCoefficients;
import org.newton4j.optim.OptimKernels;
import org.newton4j.optim.SgdCoefficients;

/**
 * The fused optimizer kernels (module optim) on n parameters: pure bandwidth kernels, so the floor
 * is the words each must read and write (float32 or float64) at the copy bandwidth. The Alice state
 * update reads G, R, H, V, μ and writes μ, ν, p (8 words); Adam reads θ, g, m, v and writes θ, m, v
 * (7); SGD with momentum 5; the Alice quick update 6; the sample-step update (phase 2) 9; the
 * perturbation init 3. n = 1e8 runs on CUDA only. PyTorch's Adam and SGD steps for the same rows:
 * bench/torch_ref.py.
 */
public final class OptimCase implements SuiteCase {
    @Override public String family() { return "optim"; }

    private record Kernel(String name, int buffers, int words, Run run) { }

    @FunctionalInterface
    private interface Run { void on(OptimKernels k, DeviceBuffer[] b); }

    private static final AliceCoefficients ALICE = new AliceCoefficients(1e-3, 0.9, 0.999, 0.996, 0, 0, 1e-8, 0, 2e-3,
            0.1, 1, 1, true, 2);

    private static List<Kernel> kernels() {
        return List.of(
                new Kernel("adam_step", 4, 7, (k, b) -> k.adamStep(b[0], b[1], b[2], b[3], AdamCoefficients.at(10, 1e-3, 0.9, 0.999, 1e-8, 0))),
                new Kernel("sgd_step", 3, 5, (k, b) -> k.sgdStep(b[0], b[1], b[2], new SgdCoefficients(0.01, 0.9, 0, 0, false), false)),
                new Kernel("alice_state_update", 7, 8, (k, b) -> k.aliceStateUpdate(b[0], b[1], b[2], b[3], b[4], b[5], b[6], ALICE)),
                new Kernel("alice_quick_update", 4, 6, (k, b) -> k.aliceQuickUpdate(b[0], b[1], b[2], b[3], ALICE)),
                new Kernel("alice_pert_update", 8, 9, (k, b) -> k.alicePertUpdate(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], 2, ALICE)),
                new Kernel("alice_init_pert", 3, 3, (k, b) -> k.aliceInitPert(b[0], b[1], b[2], 1e-3, 7, 3, 0)));
    }

    @Override
    public List<SuiteRow> run(Backend backend, Floor floor, Timing timing, boolean quick) {
        List<long[]> sizes = new ArrayList<>();  // {n, precision ordinal}
        sizes.add(new long[] {1_000_000, 0});
        sizes.add(new long[] {1_000_000, 1});
        if (!quick) {
            sizes.add(new long[] {10_000_000, 0});
            if (backend.kind() == BackendKind.CUDA) sizes.add(new long[] {100_000_000, 0});
        }
        List<SuiteRow> rows = new ArrayList<>();
        try (OptimKernels k = OptimKernels.on(backend)) {
            for (long[] s : sizes) {
                Precision p = Precision.values()[(int) s[1]];
                if (!backend.supports(p)) continue;
                for (Kernel kernel : kernels()) rows.add(one(backend, k, floor, timing, p, s[0], kernel));
            }
        }
        return rows;
    }

    private SuiteRow one(Backend be, OptimKernels k, Floor floor, Timing timing, Precision p, long n, Kernel kernel) {
        int copies = n >= 10_000_000 ? 1 : timing.rotations();  // at these sizes no cache flatters anyone
        Random rnd = new Random(n + kernel.buffers());
        double[] host = new double[(int) Math.min(n, 1 << 20)];
        List<DeviceBuffer[]> sets = new ArrayList<>();
        try {
            for (int c = 0; c < copies; c++) {
                DeviceBuffer[] b = new DeviceBuffer[kernel.buffers()];
                sets.add(b);
                for (int j = 0; j < b.length; j++) {
                    b[j] = be.allocate(p, n);
                    for (long off = 0; off < n; off += host.length) {
                        int len = (int) Math.min(host.length, n - off);
                        for (int i = 0; i < len; i++) host[i] = Math.abs(rnd.nextGaussian()) + 0.1;
                        be.write(b[j], off, host, 0, len);
                    }
                }
            }
            double ms = timing.medianMillis(be, c -> kernel.run().on(k, sets.get(c % copies)));
            return new SuiteRow("optim", kernel.name(), "n=" + n, p.toString(), be.kind().toString(), ms,
                    floor.millisFor((long) kernel.words() * n * p.bytes()));
        } finally {
            for (DeviceBuffer[] b : sets) for (DeviceBuffer x : b) if (x != null) x.close();
        }
    }
}
