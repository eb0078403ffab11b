package org.newton4j.sort;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;

/**
 * A differentiable ranking loss (DESIGN §4): a relaxed sorting network, NeuralSort or SoftSort, giving
 * per sample the relaxed permutation P, the sorted values, the BCE ranking loss against integer ranks,
 * its gradient, its exact n×n Hessian and Hessian-vector products.
 *
 * <pre>
 * RankingLoss loss = RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.CAUCHY, 10.0);
 * RankingResult r = loss.evaluate(scores, ranks, n, EnumSet.of(RankingOutput.LOSS, RankingOutput.GRADIENT));
 * loss.evaluate(xOnDevice, ranksOnDevice, n, new RankingOutputs(null, null, lossBuf, gradBuf, hessBuf));
 * TwiceDifferentiableLoss newtonReady = loss.asLoss(n);
 * </pre>
 *
 * Immutable and thread-safe. The implementation is picked by the backend holding the batch: the shared
 * OpenCL/CUDA kernels (module "sort") on a {@link NativeBackend}, the Java reference otherwise.
 */
public final class RankingLoss {
    /** Which family of relaxation. */
    public enum Kind { SORTING_NETWORK, NEURAL_SORT, SOFT_SORT }

    /** The default λ of ART (logistic_phi). */
    public static final double DEFAULT_ART_LAMBDA = 0.25;

    private final Kind kind;
    private final Network network;
    private final Relaxation relaxation;
    private final double steepness, artLambda, tau;
    private final ConcurrentHashMap<Integer, int[]> comparatorCache = new ConcurrentHashMap<>();

    private RankingLoss(Kind kind, Network network, Relaxation relaxation, double steepness, double artLambda, double tau) {
        this.kind = kind;
        this.network = network;
        this.relaxation = relaxation;
        this.steepness = steepness;
        this.artLambda = artLambda;
        this.tau = tau;
    }

    /** A relaxed sorting network with steepness β > 0 (ART uses λ = {@value #DEFAULT_ART_LAMBDA}). */
    public static RankingLoss sortingNetwork(Network network, Relaxation relaxation, double steepness) {
        return sortingNetwork(network, relaxation, steepness, DEFAULT_ART_LAMBDA);
    }

    /** A relaxed sorting network; artLambda (λ ≥ 0, finite) only matters for {@link Relaxation#LOGISTIC_PHI}. */
    public static RankingLoss sortingNetwork(Network network, Relaxation relaxation, double steepness, double artLambda) {
        if (network == null) throw new IllegalArgumentException("network: must not be null");
        if (relaxation == null) throw new IllegalArgumentException("relaxation: must not be null");
        if (!(steepness > 0) || !Double.isFinite(steepness))
            throw new IllegalArgumentException("steepness: must be finite and > 0, got " + steepness);
        if (!(artLambda >= 0) || !Double.isFinite(artLambda))
            throw new IllegalArgumentException("art_lambda: must be finite and >= 0, got " + artLambda);
        return new RankingLoss(Kind.SORTING_NETWORK, network, relaxation, steepness, artLambda, Double.NaN);
    }

    /** NeuralSort (Grover et al.) with temperature τ > 0. */
    public static RankingLoss neuralSort(double tau) {
        return new RankingLoss(Kind.NEURAL_SORT, null, null, Double.NaN, Double.NaN, checkTau(tau));
    }

    /** SoftSort (Prillo and Eisenschlos) with temperature τ > 0. */
    public static RankingLoss softSort(double tau) {
        return new RankingLoss(Kind.SOFT_SORT, null, null, Double.NaN, Double.NaN, checkTau(tau));
    }

    private static double checkTau(double tau) {
        if (!(tau > 0) || !Double.isFinite(tau))
            throw new IllegalArgumentException("tau: must be finite and > 0, got " + tau);
        return tau;
    }

    public Kind kind() { return kind; }

    /** The network, or null for NeuralSort / SoftSort. */
    public Network network() { return network; }

    /** The relaxation, or null for NeuralSort / SoftSort. */
    public Relaxation relaxation() { return relaxation; }

    public double steepness() { return steepness; }

    public double artLambda() { return artLambda; }

    public double tau() { return tau; }

    /** The network's comparators for n wires (null for NeuralSort/SoftSort), cached. */
    int[] comparators(int n) {
        if (kind != Kind.SORTING_NETWORK) return null;
        return comparatorCache.computeIfAbsent(n, network::comparators);
    }

    /** The largest n accepted. */
    public static int maxN() { return Network.MAX_N; }

    /** Fails naming n when it is out of range. */
    static void checkN(int n) {
        if (n < 2 || n > Network.MAX_N)
            throw new IllegalArgumentException("n: must be in [2, " + Network.MAX_N + "], got " + n);
    }

    // ---------------------------------------------------------------- device evaluation

    /**
     * Evaluates the batch held in x (N×n real) with ranks (N×n I32 ranks, required when a loss, gradient or
     * Hessian is asked for; may be null otherwise). Writes only the non-null outputs. Enqueues work on x's
     * backend (call {@code backend.synchronize()} before reading natively computed results).
     */
    public void evaluate(DeviceBuffer x, DeviceBuffer ranks, int n, RankingOutputs outputs) {
        int size = checkBatch(x, ranks, n, outputs.needsRanks());
        int m = n;
        long nn = (long) m * m;
        checkOutput("permutation", outputs.permutation(), x, size * nn);
        checkOutput("sorted", outputs.sorted(), x, (long) size * m);
        checkOutput("loss", outputs.loss(), x, size);
        checkOutput("gradient", outputs.gradient(), x, (long) size * m);
        checkOutput("hessian", outputs.hessian(), x, size * nn);
        if (outputs.isEmpty()) return;
        engine(x.backend()).evaluate(this, x, ranks, size, n, outputs);
    }

    /** out_i = H_i u_i for every sample (u and out N×n, same backend and precision as x). */
    public void hessianVectorProduct(DeviceBuffer x, DeviceBuffer ranks, int n, DeviceBuffer u, DeviceBuffer out) {
        int size = checkBatch(x, ranks, n, true);
        checkOutput("direction", u, x, (long) size * n);
        checkOutput("out", out, x, (long) size * n);
        if (u == null || out == null) throw new IllegalArgumentException("direction/out: must not be null");
        engine(x.backend()).hessianVectorProduct(this, x, ranks, size, n, u, out);
    }

    private static RankingEngine engine(Backend backend) {
        return backend instanceof NativeBackend nb ? new NativeRanking(nb) : CpuRanking.INSTANCE;
    }

    private static int checkBatch(DeviceBuffer x, DeviceBuffer ranks, int n, boolean needRanks) {
        checkN(n);
        if (x == null) throw new IllegalArgumentException("x: must not be null");
        if (!x.type().isReal()) throw new IllegalArgumentException("x: must be a real buffer, got " + x.type());
        if (x.length() == 0 || x.length() % n != 0)
            throw new IllegalArgumentException("x: length " + x.length() + " is not a positive multiple of n = " + n);
        long size = x.length() / n;
        if (size > Integer.MAX_VALUE / Math.max(1, n))
            throw new IllegalArgumentException("x: batch of " + size + " samples is too large; split it");
        if (needRanks) {
            if (ranks == null) throw new IllegalArgumentException("ranks: required for loss, gradient and Hessian");
            if (ranks.type() != ElementType.I32) throw new IllegalArgumentException("ranks: must be an I32 buffer");
            if (ranks.length() != x.length())
                throw new IllegalArgumentException("ranks: length " + ranks.length() + " differs from x's " + x.length());
            if (ranks.backend() != x.backend()) throw new IllegalArgumentException("ranks: lives on another backend than x");
        }
        // host-resident batches are validated in full (cheap next to the O(n) work per comparator); device-resident
        // ones are not read back: there a NaN score gives NaN outputs and an invalid rank a wrong target, never a crash
        if (x.backend() instanceof CpuBackend) {
            double[] xs = CpuBackend.buffer(x).reals();
            for (int i = 0; i < xs.length; i++)
                if (!Double.isFinite(xs[i])) throw new IllegalArgumentException("x: non-finite score at index " + i);
            if (needRanks) checkRanks(CpuBackend.buffer(ranks).ints(), xs.length, n);
        }
        return (int) size;
    }

    private static void checkOutput(String name, DeviceBuffer b, DeviceBuffer x, long length) {
        if (b == null) return;
        if (b.backend() != x.backend()) throw new IllegalArgumentException(name + ": lives on another backend than x");
        if (b.type() != x.type()) throw new IllegalArgumentException(name + ": must be " + x.type() + " like x, got " + b.type());
        if (b.length() != length) throw new IllegalArgumentException(name + ": length must be " + length + ", got " + b.length());
    }

    // ---------------------------------------------------------------- host-array evaluation

    /** Evaluates host arrays on the CPU reference in float64. */
    public RankingResult evaluate(double[] x, int[] ranks, int n, Set<RankingOutput> wanted) {
        return evaluate(CpuBackend.shared(), Precision.F64, x, ranks, n, wanted);
    }

    /**
     * Uploads host arrays (x: N×n, ranks: N×n, each row a permutation of 0..n−1; may be null when only P or
     * sorted values are wanted), evaluates on the backend and reads back what was asked for.
     */
    public RankingResult evaluate(Backend backend, Precision precision, double[] x, int[] ranks, int n,
                                  Set<RankingOutput> wanted) {
        checkN(n);
        if (x == null || x.length == 0 || x.length % n != 0)
            throw new IllegalArgumentException("x: length must be a positive multiple of n = " + n);
        for (int i = 0; i < x.length; i++)
            if (!Double.isFinite(x[i])) throw new IllegalArgumentException("x: non-finite score at index " + i);
        Set<RankingOutput> w = wanted.isEmpty() ? EnumSet.noneOf(RankingOutput.class) : EnumSet.copyOf(wanted);
        boolean needRanks = w.contains(RankingOutput.LOSS) || w.contains(RankingOutput.GRADIENT) || w.contains(RankingOutput.HESSIAN);
        if (needRanks || ranks != null) checkRanks(ranks, x.length, n);
        int size = x.length / n;
        long nn = (long) n * n;
        try (DeviceBuffer xb = backend.upload(precision, x);
             DeviceBuffer rb = ranks == null ? null : backend.upload(ranks);
             DeviceBuffer perm = w.contains(RankingOutput.PERMUTATION) ? backend.allocate(precision, size * nn) : null;
             DeviceBuffer sorted = w.contains(RankingOutput.SORTED) ? backend.allocate(precision, (long) size * n) : null;
             DeviceBuffer loss = w.contains(RankingOutput.LOSS) ? backend.allocate(precision, size) : null;
             DeviceBuffer grad = w.contains(RankingOutput.GRADIENT) ? backend.allocate(precision, (long) size * n) : null;
             DeviceBuffer hess = w.contains(RankingOutput.HESSIAN) ? backend.allocate(precision, size * nn) : null) {
            evaluate(xb, rb, n, new RankingOutputs(perm, sorted, loss, grad, hess));
            backend.synchronize();
            return new RankingResult(size, n, read(backend, perm), read(backend, sorted), read(backend, loss),
                    read(backend, grad), read(backend, hess));
        }
    }

    private static double[] read(Backend backend, DeviceBuffer b) { return b == null ? null : backend.toDoubles(b); }

    /** Fails naming "ranks" unless every row of N×n ranks is a permutation of 0..n−1. */
    public static void checkRanks(int[] ranks, int length, int n) {
        if (ranks == null) throw new IllegalArgumentException("ranks: required for loss, gradient and Hessian");
        if (ranks.length != length)
            throw new IllegalArgumentException("ranks: length " + ranks.length + " differs from the scores' " + length);
        boolean[] seen = new boolean[n];
        for (int s = 0; s < length / n; s++) {
            java.util.Arrays.fill(seen, false);
            for (int j = 0; j < n; j++) {
                int r = ranks[s * n + j];
                if (r < 0 || r >= n || seen[r])
                    throw new IllegalArgumentException("ranks: row " + s + " is not a permutation of 0.." + (n - 1));
                seen[r] = true;
            }
        }
    }

    // ---------------------------------------------------------------- Newton-loss adapter

    /** This ranking loss as a {@link org.newton4j.loss.TwiceDifferentiableLoss} on n scores (targets: N×n I32 ranks). */
    public RankingNewtonLoss asLoss(int n) { return new RankingNewtonLoss(this, n); }

    @Override
    public String toString() {
        switch (kind) {
            case SORTING_NETWORK:
                return network.id() + "/" + relaxation.id() + "(steepness=" + steepness
                        + (relaxation == Relaxation.LOGISTIC_PHI ? ", art_lambda=" + artLambda : "") + ")";
            case NEURAL_SORT: return "neuralsort(tau=" + tau + ")";
            default: return "softsort(tau=" + tau + ")";
        }
    }
}
