package org.newton4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;

import org.newton4j.data.FourDigitRanking;
import org.newton4j.data.MnistFiles;
import org.newton4j.data.RankingBatch;
import org.newton4j.device.Backend;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.linalg.DenseSymmetric;
import org.newton4j.loss.Curvature;
import org.newton4j.loss.IndefinitePolicy;
import org.newton4j.loss.NewtonAlignment;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.Scope;
import org.newton4j.nn.Checkpoint;
import org.newton4j.nn.Sequential;
import org.newton4j.sort.RankingLoss;
import org.newton4j.sort.RankingOutput;
import org.newton4j.train.RankingMetrics;
import org.newton4j.train.RankingNetwork;

/**
 * How much the batch-scope Fisher Newton loss (DESIGN §6) turns the update of a trained ranking network, as a function
 * of the number of sets the Fisher is estimated from (issue 6): at n = 5 the per-set gradients span at most 4
 * dimensions, so a minibatch of 8 sets gives a noisy 5×5 estimate to whiten by at small λ. Scores the run's 2000 test
 * sets once, splits them into minibatches of B ∈ {8, 32, 128, 2000} sets and prints, per checkpoint, B and λ, the mean
 * over minibatches of the cosine between the minibatch's Newton direction and its plain gradient (output space, as the
 * runs' "alignment"), and the mean over sets of the per-set cosine. A second table gives the anisotropy of the batch
 * curvatures, F = (1/B) Σ g_i g_iᵀ and H̄ = (1/B) Σ H_i: the ratio of the largest to the smallest |eigenvalue| on the
 * subspace orthogonal to 1 (the relaxations are shift-invariant, so 1 is a null direction of both), median over the
 * minibatches. The positions in a set are exchangeable, so the expectations of both are a·I + b·11ᵀ: anisotropy 1,
 * a Newton step that only rescales. What a batch-scope curvature does beyond a rescale is then its sampling error.
 * <pre>java -cp target/classes:target/test-classes:target/newton4j-cli.jar org.newton4j.bench.BatchFisherProbe \
 *     METHOD STEEPNESS CONV1,CONV2,HIDDEN CHECKPOINT...</pre>
 */
public final class BatchFisherProbe {
    private static final int N = 5;
    private static final int[] BATCH_SETS = {8, 32, 128, 2000};
    private static final double[] LAMBDAS = {0.001, 0.1};

    public static void main(String[] args) throws IOException {
        if (args.length < 4)
            throw new IllegalArgumentException("usage: BatchFisherProbe METHOD STEEPNESS CONV1,CONV2,HIDDEN CHECKPOINT...");
        RankingLoss loss = TrainedScoresProbe.lossOf(args[0], TrainedScoresProbe.positive("STEEPNESS", args[1]));
        RankingNetwork shape = TrainedScoresProbe.networkOf(args[2]);
        FourDigitRanking test = new FourDigitRanking(MnistFiles.read(MnistFiles.DEFAULT_DIRECTORY, 10).test());
        RankingBatch sets = TrainedScoresProbe.testSets(test);
        Backend cpu = CpuBackend.shared();
        System.out.printf(Locale.ROOT, "%s; %d test sets of n = %d; Fisher, batch scope%n", loss, sets.sets(), N);
        System.out.println("| checkpoint | exact match | sets per minibatch | λ | cos(d, g) per minibatch | cos(d_i, g_i) per set |");
        System.out.println("|---|---|---|---|---|---|");
        StringBuilder anisotropy = new StringBuilder();
        for (int a = 3; a < args.length; a++) {
            Path file = Path.of(args[a]);
            try (Sequential net = shape.build(cpu, Precision.F64, 1, test.height(), test.width(), 0)) {
                Checkpoint.load(file).restore(net.parameters());
                double[] y = TrainedScoresProbe.scores(net, cpu, sets);
                double[] g = loss.evaluate(y, sets.ranks(), N, EnumSet.of(RankingOutput.GRADIENT)).gradient();
                double exact = RankingMetrics.of(y, sets.ranks(), sets.sets(), N).exactMatch();
                for (double lambda : LAMBDAS) {
                    NewtonLoss fisher = NewtonLoss.of(loss.asLoss(N)).curvature(Curvature.FISHER).scope(Scope.BATCH).lambda(lambda)
                            .policy(IndefinitePolicy.ABS_EIGEN).build();
                    for (int b : BATCH_SETS) {
                        int batches = sets.sets() / b;
                        double[] d = new double[batches * b * N];
                        double batchCosine = 0;
                        for (int k = 0; k < batches; k++) {
                            int from = k * b * N, to = from + b * N;
                            double[] dk = TrainedScoresProbe.newtonDirection(fisher, cpu, Arrays.copyOfRange(y, from, to),
                                    Arrays.copyOfRange(sets.ranks(), from, to), b);
                            System.arraycopy(dk, 0, d, from, dk.length);
                            batchCosine += NewtonAlignment.cosine(dk, Arrays.copyOfRange(g, from, to), 0, dk.length);
                        }
                        System.out.printf(Locale.ROOT, "| %s | %.1f %% | %d | %s | %.3f | %.3f |%n", file.getFileName(), 100 * exact, b,
                                lambda, batchCosine / batches, TrainedScoresProbe.meanSetCosine(d, Arrays.copyOf(g, d.length)));
                    }
                }
                double[] h = loss.evaluate(y, sets.ranks(), N, EnumSet.of(RankingOutput.HESSIAN)).hessian();
                for (int b : BATCH_SETS)
                    anisotropy.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f |%n", file.getFileName(), b,
                            medianAnisotropy(g, null, b), medianAnisotropy(null, h, b)));
            }
        }
        System.out.println();
        System.out.println("| checkpoint | sets per minibatch | anisotropy of F (median) | anisotropy of H̄ (median) |");
        System.out.println("|---|---|---|---|");
        System.out.print(anisotropy);
    }

    /**
     * Median over minibatches of b sets of max|μ| / min|μ| over the eigenvalues μ of the batch curvature whose
     * eigenvectors are orthogonal to 1: the Fisher of the gradients g when given, else the mean of the Hessians h.
     */
    private static double medianAnisotropy(double[] g, double[] h, int b) {
        int batches = (g != null ? g.length : h.length / N) / (b * N);
        double[] ratios = new double[batches];
        for (int k = 0; k < batches; k++) {
            double[] m = new double[N * N];
            for (int s = k * b; s < (k + 1) * b; s++)
                for (int i = 0; i < N; i++)
                    for (int j = 0; j < N; j++)
                        m[i * N + j] += (g != null ? g[s * N + i] * g[s * N + j] : h[s * N * N + i * N + j]) / b;
            double[] vectors = new double[N * N], values = new double[N];
            DenseSymmetric.jacobiEigen(m, 0, N, vectors, 0, values, 0);
            int alongOnes = 0;   // the eigenvector closest to 1/√n
            double best = -1;
            for (int c = 0; c < N; c++) {
                double dot = 0;
                for (int r = 0; r < N; r++) dot += vectors[r * N + c];
                if (Math.abs(dot) > best) { best = Math.abs(dot); alongOnes = c; }
            }
            double max = 0, min = Double.POSITIVE_INFINITY;
            for (int c = 0; c < N; c++)
                if (c != alongOnes) { max = Math.max(max, Math.abs(values[c])); min = Math.min(min, Math.abs(values[c])); }
            ratios[k] = max / min;
        }
        Arrays.sort(ratios);
        return ratios[batches / 2];
    }
}
