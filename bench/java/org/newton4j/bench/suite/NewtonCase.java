package org.newton4j.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.loss.Curvature;
import org.newton4j.loss.IndefinitePolicy;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.LossOutputs;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.NewtonResult;
import org.newton4j.loss.Scope;
import org.newton4j.loss.TwiceDifferentiableLoss;
import org.newton4j.sort.RandomRanks;
import org.newton4j.sort.RankingLoss;

/**
 * The Newton-loss step (loss, derivatives, per-sample Hessian, regularised solves, surrogate outputs;
 * λ = 0.1) over two losses, beside the plain loss's forward + gradient measured in the same run:
 * SoftSort ranking at n = 32 ({@code softsort_*}) and the relaxed Bellman-Ford path loss on 12×12
 * maps ({@code path_*}, m = 144 unknowns per sample). Kernels {@code *_plain} and
 * {@code *_newton_hessian_sample}; the ratio between the two rows is the step's overhead. Floor: the
 * plain pass's bytes, and for the step also the Hessians written and read back once.
 * PyTorch's reference: the loss, vmap(hessian) and torch.linalg.solve (bench/torch_ref.py).
 */
public final class NewtonCase implements SuiteCase {
    @Override public String family() { return "newton"; }

    /**
     * The path loss's Hessian is indefinite, so some of a large batch hit a singular H + λI under
     * the exact policy: it is timed with abs-eigen (the Jacobi path, the costlier of the two).
     */
    private record Subject(String name, TwiceDifferentiableLoss loss, int batch, boolean intTargets, IndefinitePolicy policy) { }

    @Override
    public List<SuiteRow> run(Backend backend, Floor floor, Timing timing, boolean quick) {
        boolean cuda = backend.kind() == BackendKind.CUDA;
        List<Subject> subjects = List.of(
                new Subject("softsort", RankingLoss.softSort(1.0).asLoss(SortCase.N_ELEMENTS),
                        quick ? 128 : cuda ? 65_536 : 1_024, true, IndefinitePolicy.EXACT),
                new Subject("path", PathCase.operation().asLoss(), quick ? 16 : cuda ? 1_024 : 128, false, IndefinitePolicy.ABS_EIGEN));
        List<SuiteRow> rows = new ArrayList<>();
        for (Subject s : subjects) rows.addAll(both(backend, floor, timing, s));
        return rows;
    }

    private List<SuiteRow> both(Backend be, Floor floor, Timing timing, Subject s) {
        Precision p = Precision.F32;
        int n = s.loss().dimension(), batch = s.batch();
        Random rnd = new Random(n * 7L + batch);
        NewtonLoss newton = NewtonLoss.of(s.loss()).curvature(Curvature.HESSIAN).scope(Scope.SAMPLE).policy(s.policy())
                .lambda(0.1).build();
        long inBytes = 2L * batch * n * p.bytes();
        String size = (s.intTargets() ? "n=" : "m=") + n + " B=" + batch;
        try (Rotation in = new Rotation(Rotation.copiesFor(timing, inBytes), c -> {
                double[] y = new double[batch * n];
                for (int i = 0; i < y.length; i++) y[i] = s.intTargets() ? rnd.nextGaussian() : 0.5 + 4 * rnd.nextDouble();
                if (s.intTargets()) return new DeviceBuffer[] {be.upload(p, y), be.upload(RandomRanks.of(rnd, batch, n))};
                double[] t = new double[batch * n];
                for (int i = 0; i < t.length; i++) t[i] = rnd.nextInt(5) == 0 ? 1 : 0;
                return new DeviceBuffer[] {be.upload(p, y), be.upload(p, t)};
             });
             DeviceBuffer values = be.allocate(p, batch);
             DeviceBuffer grad = be.allocate(p, (long) batch * n)) {
            double plain = timing.medianMillis(be, c -> s.loss().evaluate(new LossBatch(in.get(c)[0], in.get(c)[1], batch),
                    LossOutputs.valuesAndGradient(values, grad)));
            double step = timing.medianMillis(be, c -> {
                try (NewtonResult r = newton.step(new LossBatch(in.get(c)[0], in.get(c)[1], batch))) {
                    r.surrogateValue();
                }
            });
            long plainBytes = inBytes + (long) batch * (1 + n) * p.bytes();
            long hessBytes = 2L * batch * n * n * p.bytes();
            return List.of(
                    new SuiteRow("newton", s.name() + "_plain", size, p.toString(), be.kind().toString(), plain,
                            floor.millisFor(plainBytes)),
                    new SuiteRow("newton", s.name() + "_newton_hessian_sample", size, p.toString(), be.kind().toString(), step,
                            floor.millisFor(plainBytes + hessBytes)));
        }
    }
}
