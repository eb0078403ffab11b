package org.newton4j.bench;

import java.util.Random;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.loss.SoftmaxCrossEntropy;
import org.newton4j.loss.TwiceDifferentiableLoss;
import org.newton4j.sort.Network;
import org.newton4j.sort.RankingLoss;
import org.newton4j.sort.Relaxation;

/** The losses the benchmarks evaluate, by name, with random inputs on a backend. */
final class BenchLosses {
    private BenchLosses() { }

    record Subject(TwiceDifferentiableLoss loss, DeviceBuffer y, DeviceBuffer targets) { }

    static Subject create(String name, int n, int batch, Backend be, Precision p, Random rnd) {
        double[] y = new double[batch * n];
        for (int i = 0; i < y.length; i++) y[i] = rnd.nextGaussian();
        switch (name) {
            case "cross_entropy": {
                int[] labels = new int[batch];
                for (int i = 0; i < batch; i++) labels[i] = rnd.nextInt(n);
                return new Subject(new SoftmaxCrossEntropy(n), be.upload(p, y), be.upload(labels));
            }
            case "softsort":
            case "odd_even_cauchy": {
                RankingLoss ranking = name.equals("softsort") ? RankingLoss.softSort(1.0)
                        : RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.CAUCHY, 10.0);
                return new Subject(ranking.asLoss(n), be.upload(p, y), be.upload(randomRanks(batch, n, rnd)));
            }
            default:
                throw new IllegalArgumentException("loss: unknown benchmark loss '" + name + "'");
        }
    }

    /** N random permutations: the rank of each element, ascending. */
    static int[] randomRanks(int batch, int n, Random rnd) {
        int[] ranks = new int[batch * n];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < n; j++) ranks[b * n + j] = j;
            for (int j = n - 1; j > 0; j--) {
                int k = rnd.nextInt(j + 1), t = ranks[b * n + j];
                ranks[b * n + j] = ranks[b * n + k];
                ranks[b * n + k] = t;
            }
        }
        return ranks;
    }
}
