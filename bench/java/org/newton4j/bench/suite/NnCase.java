package org.newton4j.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;
import org.newton4j.nn.ConvGeometry;
import org.newton4j.nn.GemmSource;
import org.newton4j.nn.NnOps;

/**
 * The network layers' kernels (module nn), float32: GEMM as a linear layer's forward pass
 * (y = x·wᵀ + b) on newton4j's own kernels ({@code gemm_fwd}) and, where the backend lends one, on its
 * vendor BLAS in the same run ({@code gemm_fwd_vendor}: cuBLAS), and a 3×3 convolution's forward and backward passes
 * ({@code conv3x3_fwd}, {@code conv3x3_bwd}: input, weight and bias gradients). These are
 * compute-bound; the floor column is their unavoidable bytes only (there is no FMA-rate probe in the
 * suite, so compare with the PyTorch column: torch.matmul and cuDNN conv2d, bench/torch_ref.py).
 */
public final class NnCase implements SuiteCase {
    @Override public String family() { return "nn"; }

    @Override
    public List<SuiteRow> run(Backend backend, Floor floor, Timing timing, boolean quick) {
        boolean cuda = backend.kind() == BackendKind.CUDA;
        int g = quick ? 256 : cuda ? 4096 : 512;
        ConvGeometry conv = quick ? new ConvGeometry(4, 16, 28, 28, 16, 3, 1, 1)
                : cuda ? new ConvGeometry(64, 64, 56, 56, 64, 3, 1, 1) : new ConvGeometry(8, 32, 28, 28, 32, 3, 1, 1);
        NnOps ops = NnOps.on(backend);
        List<SuiteRow> rows = new ArrayList<>();
        rows.add(gemm(backend, NnOps.on(backend, GemmSource.OWN_KERNELS), "gemm_fwd", floor, timing, g, g, g));
        if (backend instanceof NativeBackend nb && nb.vendorBlas().isPresent())
            rows.add(gemm(backend, ops, "gemm_fwd_vendor", floor, timing, g, g, g));
        rows.addAll(conv(backend, ops, floor, timing, conv));
        return rows;
    }

    private static DeviceBuffer random(Backend be, Precision p, long n, Random rnd) {
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian();
        return be.upload(p, v);
    }

    private SuiteRow gemm(Backend be, NnOps ops, String name, Floor floor, Timing timing, int m, int k, int n) {
        Precision p = Precision.F32;
        Random rnd = new Random(m);
        long inBytes = ((long) m * k + (long) n * k) * p.bytes();
        try (Rotation in = new Rotation(Rotation.copiesFor(timing, inBytes),
                c -> new DeviceBuffer[] {random(be, p, (long) m * k, rnd), random(be, p, (long) n * k, rnd), random(be, p, n, rnd)});
             DeviceBuffer y = be.allocate(p, (long) m * n)) {
            double ms = timing.medianMillis(be, c -> ops.linearForward(m, k, n, in.get(c)[0], in.get(c)[1], in.get(c)[2], y));
            return new SuiteRow("nn", name, "M=" + m + " K=" + k + " N=" + n, p.toString(), be.kind().toString(), ms,
                    floor.millisFor(inBytes + ((long) m * n + n) * p.bytes()));
        }
    }

    private List<SuiteRow> conv(Backend be, NnOps ops, Floor floor, Timing timing, ConvGeometry g) {
        Precision p = Precision.F32;
        Random rnd = new Random(g.batch());
        long x = (long) g.batch() * g.inChannels() * g.inPixels(), w = (long) g.outChannels() * g.patchSize(),
                y = (long) g.batch() * g.outChannels() * g.outPixels();
        String size = "N=" + g.batch() + " C=" + g.inChannels() + " H=" + g.inHeight() + " W=" + g.inWidth() + " K=" + g.outChannels();
        try (Rotation in = new Rotation(Rotation.copiesFor(timing, (x + y) * p.bytes()), c -> new DeviceBuffer[] {
                    random(be, p, x, rnd), random(be, p, w, rnd), random(be, p, g.outChannels(), rnd), random(be, p, y, rnd)});
             DeviceBuffer out = be.allocate(p, y);
             DeviceBuffer dx = be.allocate(p, x);
             DeviceBuffer dw = be.allocate(p, w);
             DeviceBuffer db = be.allocate(p, g.outChannels())) {
            double fwd = timing.medianMillis(be, c -> ops.conv2dForward(g, in.get(c)[0], in.get(c)[1], in.get(c)[2], out));
            be.fill(dw, 0);
            be.fill(db, 0);
            double bwd = timing.medianMillis(be, c -> ops.conv2dBackward(g, in.get(c)[0], in.get(c)[1], in.get(c)[3], dx, dw, db));
            return List.of(
                    new SuiteRow("nn", "conv3x3_fwd", size, p.toString(), be.kind().toString(), fwd,
                            floor.millisFor((x + w + g.outChannels() + y) * p.bytes())),
                    new SuiteRow("nn", "conv3x3_bwd", size, p.toString(), be.kind().toString(), bwd,
                            floor.millisFor((2 * x + 2 * w + 2L * g.outChannels() + y) * p.bytes())));
        }
    }
}
