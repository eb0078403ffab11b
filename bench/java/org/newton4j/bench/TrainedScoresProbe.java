package org.newton4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.newton4j.data.FourDigitRanking;
import org.newton4j.data.MnistFiles;
import org.newton4j.data.RankingBatch;
import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.loss.Curvature;
import org.newton4j.loss.IndefinitePolicy;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.NewtonAlignment;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.NewtonResult;
import org.newton4j.loss.Scope;
import org.newton4j.nn.Checkpoint;
import org.newton4j.nn.Parameter;
import org.newton4j.nn.Sequential;
import org.newton4j.nn.Tensor;
import org.newton4j.sort.Network;
import org.newton4j.sort.RankingLoss;
import org.newton4j.sort.RankingOutput;
import org.newton4j.sort.Relaxation;
import org.newton4j.train.RankingExperiment;
import org.newton4j.train.RankingMetrics;
import org.newton4j.train.RankingNetwork;

/**
 * How much a per-sample Hessian Newton loss changes the training update of a <em>trained</em> ranking network
 * (issue 6), where {@link NewtonDirectionProbe} looks at synthetic scores. It loads checkpoints written by
 * {@code newton4j train ranking}, scores the run's test sets (the same sets every run is evaluated on), and,
 * with the scores multiplied by a factor k (k &gt; 1 stands for the larger spreads that longer training reaches,
 * since the networks' score scale grows as the loss falls), prints per checkpoint and k:
 * <ul>
 *   <li>the median gap between a set's neighbouring sorted scores, in units of the relaxation's 1/steepness;</li>
 *   <li>the median Frobenius norm of the per-set Hessians H_i, the scale λ is measured against;</li>
 *   <li>for the per-sample Hessian (d_i = (|H_i| + λI)⁻¹g_i, abs-eigen policy, as trained) and the per-sample Fisher
 *       (d_i = g_i / (λ + |g_i|²)) at λ ∈ {0.01, 0.1, 1}: the mean cosine, per set, between d_i and the plain gradient
 *       g_i, and the 90th-percentile / median ratio of |d_i| over the sets;</li>
 *   <li>the mean cosine, over minibatches of 8 sets, between the two <em>parameter-space</em> updates Jᵀd and Jᵀg
 *       (J the Jacobian of the batch's scores), which is what Adam receives: 1 means the Newton loss changes nothing
 *       but a scale.</li>
 * </ul>
 * <pre>mvn -DskipTests package   # bench/java is compiled into target/test-classes
 * java -cp target/test-classes:target/newton4j-cli.jar org.newton4j.bench.TrainedScoresProbe \
 *     METHOD STEEPNESS CONV1,CONV2,HIDDEN CHECKPOINT...</pre>
 * METHOD is neuralsort, softsort or odd_even (logistic); n = 5, 2000 test sets, f64, CPU.
 */
public final class TrainedScoresProbe {
    private static final int N = 5, TEST_SETS = 2000, BATCH_SETS = 8, PARAMETER_BATCHES = 50;
    private static final double[] SCALES = {1, 4};
    private static final double[] LAMBDAS = {0.01, 0.1, 1};

    public static void main(String[] args) throws IOException {
        if (args.length < 4)
            throw new IllegalArgumentException("usage: TrainedScoresProbe METHOD STEEPNESS CONV1,CONV2,HIDDEN CHECKPOINT...");
        double steepness = positive("STEEPNESS", args[1]);
        RankingLoss loss = lossOf(args[0], steepness);
        RankingNetwork shape = networkOf(args[2]);
        FourDigitRanking test = new FourDigitRanking(MnistFiles.read(MnistFiles.DEFAULT_DIRECTORY, 10).test());
        RankingBatch sets = testSets(test);
        Backend cpu = CpuBackend.shared();
        System.out.printf(Locale.ROOT, "%s; %d test sets of n = %d; per-sample scope, abs-eigen policy%n", loss, TEST_SETS, N);
        System.out.println("| checkpoint | exact match | k | median gap × steepness | median ‖H_i‖_F | curvature | λ "
                + "| cos(d_i, g_i) | |d| p90/median | cos(Jᵀd, Jᵀg), batches of 8 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int a = 3; a < args.length; a++) {
            Path file = Path.of(args[a]);
            try (Sequential net = shape.build(cpu, Precision.F64, 1, test.height(), test.width(), 0)) {
                Checkpoint.load(file).restore(net.parameters());
                double[] scores = scores(net, cpu, sets);
                RankingMetrics m = RankingMetrics.of(scores, sets.ranks(), TEST_SETS, N);
                for (double k : SCALES) {
                    double[] y = scaled(scores, k);
                    var plain = loss.evaluate(y, sets.ranks(), N, EnumSet.of(RankingOutput.GRADIENT, RankingOutput.HESSIAN));
                    double[] g = plain.gradient();
                    for (Curvature c : Curvature.values()) {
                        for (double lambda : LAMBDAS) {
                            NewtonLoss newton = NewtonLoss.of(loss.asLoss(N)).curvature(c).scope(Scope.SAMPLE).lambda(lambda)
                                    .policy(IndefinitePolicy.ABS_EIGEN).build();
                            double[] d = newtonDirection(newton, cpu, y, sets.ranks(), TEST_SETS);
                            System.out.printf(Locale.ROOT, "| %s | %.1f %% | %.0f | %.2f | %.3g | %s | %s | %.3f | %.1f | %.3f |%n",
                                    file.getFileName(), 100 * m.exactMatch(), k, medianGap(y) * steepness,
                                    medianFrobenius(plain.hessian()), c.name().toLowerCase(Locale.ROOT), lambda,
                                    meanSetCosine(d, g), percentileRatio(setLengths(d)),
                                    parameterCosine(net, cpu, sets, scores, k, loss, newton));
                        }
                    }
                }
            }
        }
    }

    /** The ranking loss of METHOD (neuralsort, softsort or the logistic odd_even network) at the steepness. */
    static RankingLoss lossOf(String method, double steepness) {
        return switch (method) {
            case "neuralsort" -> RankingLoss.neuralSort(1 / steepness);
            case "softsort" -> RankingLoss.softSort(1 / steepness);
            case "odd_even" -> RankingLoss.sortingNetwork(Network.parse("odd_even"), Relaxation.parse("logistic"), steepness);
            default -> throw new IllegalArgumentException("METHOD: neuralsort, softsort or odd_even, got '" + method + "'");
        };
    }

    /** The ranking CNN of widths "CONV1,CONV2,HIDDEN". */
    static RankingNetwork networkOf(String widthList) {
        int[] widths = Arrays.stream(widthList.split(",")).mapToInt(Integer::parseInt).toArray();
        if (widths.length != 3) throw new IllegalArgumentException("CONV1,CONV2,HIDDEN: three widths, got '" + widthList + "'");
        return new RankingNetwork(widths[0], widths[1], widths[2]);
    }

    /** The first TEST_SETS test sets every `newton4j train ranking` run at n = 5 is evaluated on. */
    static RankingBatch testSets(FourDigitRanking test) {
        return test.sample(new SplittableRandom(RankingExperiment.TEST_SEED + N), TEST_SETS, N);
    }

    /** Median over the sets of the Frobenius norm of the n×n per-set Hessian (an upper bound on its largest |eigenvalue|). */
    private static double medianFrobenius(double[] hessians) {
        double[] norms = new double[hessians.length / (N * N)];
        for (int s = 0; s < norms.length; s++) {
            for (int e = s * N * N; e < (s + 1) * N * N; e++) norms[s] += hessians[e] * hessians[e];
            norms[s] = Math.sqrt(norms[s]);
        }
        Arrays.sort(norms);
        return norms[norms.length / 2];
    }

    static double positive(String name, String value) {
        double v = Double.parseDouble(value);
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + ": finite and > 0, got " + value);
        return v;
    }

    /** The network's score of every element of the sets, in chunks of BATCH_SETS sets. */
    static double[] scores(Sequential net, Backend cpu, RankingBatch sets) {
        double[] out = new double[sets.elements()];
        int size = sets.elementSize();
        for (int s0 = 0; s0 < sets.sets(); s0 += BATCH_SETS) {
            int count = Math.min(BATCH_SETS, sets.sets() - s0);
            double[] y = forward(net, cpu, sets, s0, count, size);
            System.arraycopy(y, 0, out, s0 * N, y.length);
        }
        return out;
    }

    private static double[] forward(Sequential net, Backend cpu, RankingBatch sets, int s0, int count, int size) {
        double[] images = Arrays.copyOfRange(sets.images(), s0 * N * size, (s0 + count) * N * size);
        try (Tensor x = Tensor.upload(cpu, Precision.F64, images, count * N, sets.channels(), sets.height(), sets.width())) {
            return net.forward(x).toHost();
        }
    }

    private static double[] scaled(double[] v, double k) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = k * v[i];
        return out;
    }

    /** d_i = y_i − z*_i of the Newton loss for every set. */
    static double[] newtonDirection(NewtonLoss newton, Backend cpu, double[] y, int[] ranks, int setCount) {
        try (DeviceBuffer yb = cpu.upload(Precision.F64, y); DeviceBuffer rb = cpu.upload(ranks);
             NewtonResult r = newton.step(new LossBatch(yb, rb, setCount))) {
            return cpu.toDoubles(r.surrogateGradient());
        }
    }

    /** Median over sets and neighbours of the gap between consecutive sorted scores. */
    private static double medianGap(double[] y) {
        double[] gaps = new double[y.length / N * (N - 1)];
        for (int s = 0, k = 0; s < y.length / N; s++) {
            double[] set = Arrays.copyOfRange(y, s * N, s * N + N);
            Arrays.sort(set);
            for (int j = 1; j < N; j++) gaps[k++] = set[j] - set[j - 1];
        }
        Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }

    static double meanSetCosine(double[] d, double[] g) {
        double sum = 0;
        int sets = g.length / N;
        for (int s = 0; s < sets; s++)
            sum += NewtonAlignment.cosine(d, g, s * N, s * N + N);
        return sum / sets;
    }

    private static double[] setLengths(double[] v) {
        double[] len = new double[v.length / N];
        for (int s = 0; s < len.length; s++) {
            for (int j = s * N; j < s * N + N; j++) len[s] += v[j] * v[j];
            len[s] = Math.sqrt(len[s]);
        }
        return len;
    }

    private static double percentileRatio(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[(int) (0.9 * (v.length - 1))] / v[v.length / 2];
    }

    /**
     * Mean over the first PARAMETER_BATCHES minibatches of BATCH_SETS sets of cos(Jᵀd, Jᵀg): backpropagates the
     * plain gradient and the Newton direction of the scaled scores through the network (the factor k of the chain
     * rule is a common scale and drops out of the cosine).
     */
    private static double parameterCosine(Sequential net, Backend cpu, RankingBatch sets, double[] scores, double k,
                                           RankingLoss loss, NewtonLoss newton) {
        double sum = 0;
        int size = sets.elementSize();
        for (int b = 0; b < PARAMETER_BATCHES; b++) {
            int s0 = b * BATCH_SETS;
            int[] ranks = Arrays.copyOfRange(sets.ranks(), s0 * N, (s0 + BATCH_SETS) * N);
            double[] y = scaled(Arrays.copyOfRange(scores, s0 * N, (s0 + BATCH_SETS) * N), k);
            double[] g = loss.evaluate(y, ranks, N, EnumSet.of(RankingOutput.GRADIENT)).gradient();
            double[] d = newtonDirection(newton, cpu, y, ranks, BATCH_SETS);
            double[] jd = parameterGradient(net, cpu, sets, s0, size, d), jg = parameterGradient(net, cpu, sets, s0, size, g);
            sum += NewtonAlignment.cosine(jd, jg, 0, jd.length);
        }
        return sum / PARAMETER_BATCHES;
    }

    /** Jᵀv for the minibatch at set s0: all parameter gradients, concatenated. */
    private static double[] parameterGradient(Sequential net, Backend cpu, RankingBatch sets, int s0, int size, double[] v) {
        double[] images = Arrays.copyOfRange(sets.images(), s0 * N * size, (s0 + BATCH_SETS) * N * size);
        List<double[]> parts = new ArrayList<>();
        try (Tensor x = Tensor.upload(cpu, Precision.F64, images, BATCH_SETS * N, sets.channels(), sets.height(), sets.width());
             Tensor dy = Tensor.upload(cpu, Precision.F64, v, BATCH_SETS * N, 1)) {
            net.zeroGradients();
            net.forward(x);
            net.backwardParameters(dy);
            for (Parameter p : net.parameters()) parts.add(p.gradient().toHost());
        }
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }
}
