package org.newton4j.linalg;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.device.cpu.CpuBuffer;

/** The CPU reference: float64 arithmetic per matrix (DenseSymmetric), parallel over the batch. */
final class CpuSymmetricSolveEngine implements SymmetricSolveEngine {

    private static boolean finite(double[] r, int off, int m) {
        for (int i = 0; i < m; i++) if (!Double.isFinite(r[off + i])) return false;
        return true;
    }

    private static void fail(CpuBuffer x, int off, int m) {
        for (int i = 0; i < m; i++) x.store(off + i, Double.NaN);
    }

    @Override
    public void choleskySolve(DeviceBuffer a, DeviceBuffer r, DeviceBuffer x, DeviceBuffer status, int batch, int m, double lambda) {
        CpuBuffer A = CpuBackend.buffer(a), R = CpuBackend.buffer(r), X = CpuBackend.buffer(x), S = CpuBackend.buffer(status);
        double eps = A.precision().epsilon();
        CpuBackend.parallelFor(batch, b -> {
            double[] s = new double[m * m];
            System.arraycopy(A.reals(), b * m * m, s, 0, m * m);
            double[] y = new double[m];
            System.arraycopy(R.reals(), b * m, y, 0, m);
            // rhs first, as the kernels do: non-finite input outranks a failed factorisation
            SolveStatus st = finite(y, 0, m) ? DenseSymmetric.choleskyInPlace(s, 0, m, lambda, eps) : SolveStatus.NON_FINITE;
            if (st == SolveStatus.OK) {
                DenseSymmetric.choleskySubstitute(s, 0, y, 0, m);
                for (int i = 0; i < m; i++) X.store(b * m + i, y[i]);
            } else {
                fail(X, b * m, m);
            }
            S.ints()[b] = st.code();
        });
    }

    @Override
    public void choleskyFactor(DeviceBuffer a, DeviceBuffer l, DeviceBuffer status, int m, double lambda) {
        CpuBuffer A = CpuBackend.buffer(a), L = CpuBackend.buffer(l);
        double[] s = new double[m * m];
        System.arraycopy(A.reals(), 0, s, 0, m * m);
        SolveStatus st = DenseSymmetric.choleskyInPlace(s, 0, m, lambda, A.precision().epsilon());
        for (int i = 0; i < m * m; i++) L.store(i, s[i]);
        CpuBackend.buffer(status).ints()[0] = st.code();
    }

    @Override
    public void choleskySolveFactored(DeviceBuffer l, DeviceBuffer factorStatus, DeviceBuffer r, DeviceBuffer x,
                                      DeviceBuffer status, int batch, int m) {
        CpuBuffer L = CpuBackend.buffer(l), R = CpuBackend.buffer(r), X = CpuBackend.buffer(x), S = CpuBackend.buffer(status);
        int factor = CpuBackend.buffer(factorStatus).ints()[0];
        CpuBackend.parallelFor(batch, b -> {
            double[] y = new double[m];
            System.arraycopy(R.reals(), b * m, y, 0, m);
            int st = factor != SolveStatus.OK.code() ? factor
                    : finite(y, 0, m) ? SolveStatus.OK.code() : SolveStatus.NON_FINITE.code();
            if (st == SolveStatus.OK.code()) {
                DenseSymmetric.choleskySubstitute(L.reals(), 0, y, 0, m);
                for (int i = 0; i < m; i++) X.store(b * m + i, y[i]);
            } else {
                fail(X, b * m, m);
            }
            S.ints()[b] = st;
        });
    }

    @Override
    public void eigenDecompose(DeviceBuffer a, DeviceBuffer vectors, DeviceBuffer values, DeviceBuffer status, int batch, int m) {
        CpuBuffer A = CpuBackend.buffer(a), V = CpuBackend.buffer(vectors), E = CpuBackend.buffer(values), S = CpuBackend.buffer(status);
        CpuBackend.parallelFor(batch, b -> {
            double[] v = new double[m * m], e = new double[m];
            SolveStatus st = DenseSymmetric.jacobiEigen(A.reals(), b * m * m, m, v, 0, e, 0);
            for (int i = 0; i < m * m; i++) V.store(b * m * m + i, v[i]);
            for (int i = 0; i < m; i++) E.store(b * m + i, e[i]);
            S.ints()[b] = st.code();
        });
    }

    @Override
    public void eigenApply(DeviceBuffer vectors, DeviceBuffer values, DeviceBuffer eigStatus, int stride, DeviceBuffer r,
                           DeviceBuffer x, DeviceBuffer status, int batch, int m, double damping, SpectrumPolicy policy) {
        CpuBuffer V = CpuBackend.buffer(vectors), E = CpuBackend.buffer(values), ES = CpuBackend.buffer(eigStatus);
        CpuBuffer R = CpuBackend.buffer(r), X = CpuBackend.buffer(x), S = CpuBackend.buffer(status);
        double eps = V.precision().epsilon();
        CpuBackend.parallelFor(batch, b -> {
            int d = b * stride;
            int st = ES.ints()[d];
            if (st == SolveStatus.OK.code() && !finite(R.reals(), b * m, m)) st = SolveStatus.NON_FINITE.code();
            if (st == SolveStatus.OK.code()) {
                double[] y = new double[m];
                st = DenseSymmetric.eigenApply(V.reals(), d * m * m, E.reals(), d * m, m, R.reals(), b * m,
                        y, 0, damping, policy, eps).code();
                for (int i = 0; i < m; i++) X.store(b * m + i, y[i]);
            } else {
                fail(X, b * m, m);
            }
            S.ints()[b] = st;
        });
    }

    @Override
    public void mean(DeviceBuffer a, int batch, int m, DeviceBuffer out) {
        CpuBuffer A = CpuBackend.buffer(a), O = CpuBackend.buffer(out);
        int mm = m * m;
        CpuBackend.parallelFor(mm, e -> {
            double s = 0;
            for (int b = 0; b < batch; b++) s += A.reals()[b * mm + e];
            O.store(e, s / batch);
        });
    }
}
