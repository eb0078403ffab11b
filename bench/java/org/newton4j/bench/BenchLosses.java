package org.newton4j.bench;

import java.util.Random;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.loss.SoftmaxCrossEntropy;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.loss.TwiceDifferentiableLoss;
import org.newton4j.path.RelaxedBellmanFord;
import org.newton4j.path.ShortestPath;
import org.newton4j.sort.Network;
import org.newton4j.sort.RandomRanks;
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
                return new Subject(ranking.asLoss(n), be.upload(p, y), be.upload(RandomRanks.of(rnd, batch, n)));
            }
            case "path_12x12": {   // n is ignored: the loss takes the 144 costs of a 12×12 map
                int h = 12, m = h * h;
                double[] cost = new double[batch * m];
                for (int i = 0; i < cost.length; i++) cost[i] = 0.5 + 4.5 * rnd.nextDouble();
                double[] truth = new ShortestPath(h, h).solveOn(CpuBackend.shared(), Precision.F64, cost);
                TwiceDifferentiableLoss loss = RelaxedBellmanFord.builder().grid(h, h).beta(10).iterations(2 * h).build().asLoss();
                return new Subject(loss, be.upload(p, cost), be.upload(p, truth));
            }
            default:
                throw new IllegalArgumentException("loss: unknown benchmark loss '" + name + "'");
        }
    }

}
