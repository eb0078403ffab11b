package org.newton4j.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The hand-written gradients and HVPs of the test problems against central finite differences (float64). */
class ProblemsDerivativeTest {
    private static <B> void check(HostProblem<B> p, B batch, double[] x, Random rnd) {
        int n = p.dimension();
        double[] g = new double[n];
        p.gradient(x, batch, g);
        double h = 1e-6, errG = 0, scaleG = 0;
        for (int i = 0; i < n; i++) {
            double[] xp = x.clone(), xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double fd = (p.value(xp, batch) - p.value(xm, batch)) / (2 * h);
            errG = Math.max(errG, Math.abs(fd - g[i]));
            scaleG = Math.max(scaleG, Math.abs(g[i]));
        }
        assertTrue(errG <= 1e-6 * Math.max(1, scaleG), "gradient vs FD: " + errG);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextGaussian();
        double[] hv = new double[n], gp = new double[n], gm = new double[n];
        p.hessianVector(x, batch, v, hv);
        double[] xp = x.clone(), xm = x.clone();
        for (int i = 0; i < n; i++) {
            xp[i] += h * v[i];
            xm[i] -= h * v[i];
        }
        p.gradient(xp, batch, gp);
        p.gradient(xm, batch, gm);
        double errH = 0, scaleH = 0;
        for (int i = 0; i < n; i++) {
            errH = Math.max(errH, Math.abs((gp[i] - gm[i]) / (2 * h) - hv[i]));
            scaleH = Math.max(scaleH, Math.abs(hv[i]));
        }
        assertTrue(errH <= 1e-6 * Math.max(1, scaleH), "HVP vs FD: " + errH);
    }

    @Test
    void quadraticRosenbrockLogisticMlpDerivativesMatchFiniteDifferences() {
        Random rnd = new Random(11);
        Problems.Quadratic q = Problems.Quadratic.blockDiagonal(rnd, 3, 2);
        check(q, null, new double[] {0.3, -1, 2, 0.5, 0.1}, rnd);
        check(new Problems.Rosenbrock(4), null, new double[] {-1.2, 1, 0.4, 0.7}, rnd);
        Problems.Logistic lr = new Problems.Logistic(rnd, 40, 3, 0.01);
        check(lr, new int[] {1, 5, 7, 9, 30}, new double[] {0.2, -0.4, 0.9, 0.1}, rnd);
        Problems.Mlp mlp = new Problems.Mlp(rnd, 12, 3, 4, 2);
        check(mlp, null, mlp.initial(rnd, 1.0), rnd);
        check(mlp, new int[] {0, 3, 4}, mlp.initial(rnd, 1.0), rnd);
    }
}
