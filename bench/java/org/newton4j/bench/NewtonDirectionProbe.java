package org.newton4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.newton4j.device.HostArrays;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.loss.Curvature;
import org.newton4j.loss.IndefinitePolicy;
import org.newton4j.loss.NewtonAlignment;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.Scope;
import org.newton4j.sort.Network;
import org.newton4j.sort.RankingLoss;
import org.newton4j.sort.RankingOutput;
import org.newton4j.sort.Relaxation;

/**
 * Why a Newton loss changes (or does not change) what Adam sees, per ranking relaxation (issue 6): for a
 * synthetic batch of N = 32 sets of n = 5 scores, x_j = rank_j·spread + noise·Z with positions shuffled,
 * prints the mean cosine between the Newton direction d_i (the surrogate gradient of {@link NewtonLoss},
 * exact policy, λ = 0.1) and the plain gradient g_i at batch and at sample scope, and how unequal the
 * per-sample direction lengths are (max / median). A cosine of 1 at batch scope means the batch Newton loss
 * is a rescaled plain gradient, which Adam undoes; a large max / median means a few sets dominate the step.
 * <pre>java -cp target/classes:target/test-classes org.newton4j.bench.NewtonDirectionProbe SPREAD NOISE</pre>
 */
public final class NewtonDirectionProbe {
    private static final int N = 32, n = 5;
    private static final double LAMBDA = 0.1;

    public static void main(String[] args) {
        if (args.length != 2) throw new IllegalArgumentException("usage: NewtonDirectionProbe SPREAD NOISE");
        double spread = Double.parseDouble(args[0]), noise = Double.parseDouble(args[1]);
        if (!(spread >= 0) || !(noise >= 0) || Double.isInfinite(spread) || Double.isInfinite(noise))
            throw new IllegalArgumentException("SPREAD and NOISE: finite and ≥ 0, got " + spread + ", " + noise);
        RankingLoss[] losses = {RankingLoss.neuralSort(1), RankingLoss.softSort(1),
                RankingLoss.sortingNetwork(Network.parse("odd_even"), Relaxation.parse("logistic"), 10)};
        Random rng = new Random(1);
        for (RankingLoss loss : losses) {
            float[] x = new float[N * n];
            int[] ranks = new int[N * n];
            for (int s = 0; s < N; s++) {
                List<Integer> perm = new ArrayList<>();
                for (int i = 0; i < n; i++) perm.add(i);
                Collections.shuffle(perm, rng);
                for (int j = 0; j < n; j++) {
                    ranks[s * n + j] = perm.get(j);
                    x[s * n + j] = (float) (perm.get(j) * spread + noise * rng.nextGaussian());
                }
            }
            double[] xd = new double[x.length];
            for (int i = 0; i < x.length; i++) xd[i] = x[i];
            double[] g = loss.evaluate(xd, ranks, n, EnumSet.of(RankingOutput.GRADIENT)).gradient();
            float[] batch = direction(loss, Curvature.HESSIAN, Scope.BATCH, x, ranks);
            float[] sample = direction(loss, Curvature.HESSIAN, Scope.SAMPLE, x, ranks);
            float[] fisher = direction(loss, Curvature.FISHER, Scope.SAMPLE, x, ranks);
            System.out.printf(Locale.ROOT, "%-36s cos(d,g): batch Hessian %.3f, sample Hessian %.3f | |d| max/median:"
                    + " sample Hessian %.1f, sample Fisher %.1f, plain gradient %.1f%n", loss, meanCosine(batch, g),
                    meanCosine(sample, g), spreadOfLengths(sample), spreadOfLengths(fisher), spreadOfLengths(g));
        }
    }

    /** The Newton directions d_i = y_i − z*_i (N·surrogate gradient) of the given Newton loss. */
    private static float[] direction(RankingLoss loss, Curvature c, Scope s, float[] x, int[] ranks) {
        NewtonLoss nl = NewtonLoss.of(loss.asLoss(n)).curvature(c).scope(s).lambda(LAMBDA).policy(IndefinitePolicy.EXACT).build();
        return nl.step(CpuBackend.shared(), x, N, ranks).surrogateGradient();
    }

    private static double meanCosine(float[] d, double[] g) {
        double[] wide = HostArrays.toDoubles(d, 0, d.length);
        double sum = 0;
        for (int s = 0; s < N; s++) sum += NewtonAlignment.cosine(wide, g, s * n, s * n + n);
        return sum / N;
    }

    private static double spreadOfLengths(float[] d) {
        return spreadOfLengths(HostArrays.toDoubles(d, 0, d.length));
    }

    private static double spreadOfLengths(double[] d) {
        double[] len = new double[N];
        for (int s = 0; s < N; s++) {
            for (int j = s * n; j < s * n + n; j++) len[s] += d[j] * d[j];
            len[s] = Math.sqrt(len[s]);
        }
        Arrays.sort(len);
        return len[N - 1] / len[N / 2];
    }
}
