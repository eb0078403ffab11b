package org.newton4j.optim;

import java.util.ArrayList;
import java.util.List;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;

/**
 * A test objective written on the host over the concatenation of all parameter tensors, with
 * adapters to the optimizer oracles (they read the device buffers, compute, and write back).
 */
interface HostProblem<B> {
    int dimension();

    /** Writes ∇L(x; batch) into g, returns L(x; batch). */
    double gradient(double[] x, B batch, double[] g);

    /** Writes ∇²L(x; batch) v into out; only when {@link #hasHessianVector()}. */
    default void hessianVector(double[] x, B batch, double[] v, double[] out) {
        throw new UnsupportedOperationException("no exact Hessian-vector product");
    }

    default boolean hasHessianVector() { return false; }

    default double value(double[] x, B batch) { return gradient(x, batch, new double[dimension()]); }

    static double[] gather(List<DeviceBuffer> buffers) {
        long n = 0;
        for (DeviceBuffer b : buffers) n += b.length();
        double[] x = new double[(int) n];
        int off = 0;
        for (DeviceBuffer b : buffers) {
            b.backend().read(b, 0, x, off, (int) b.length());
            off += (int) b.length();
        }
        return x;
    }

    static void scatter(double[] x, List<DeviceBuffer> buffers) {
        int off = 0;
        for (DeviceBuffer b : buffers) {
            b.backend().write(b, 0, x, off, (int) b.length());
            off += (int) b.length();
        }
    }

    default GradientOracle<B> gradientOracle() {
        return (at, batch, grad) -> {
            double[] g = new double[dimension()];
            double loss = gradient(gather(at), batch, g);
            scatter(g, grad);
            return loss;
        };
    }

    default HessianVectorOracle<B> hessianVectorOracle() {
        return (at, batch, v, out) -> {
            double[] o = new double[dimension()];
            hessianVector(gather(at), batch, gather(v), o);
            scatter(o, out);
        };
    }

    /** The objective with the exact HVP when the problem has one. */
    default Objective<B> objective(boolean exactHvp) {
        Objective<B> o = Objective.of(gradientOracle());
        return exactHvp ? o.withHessianVector(hessianVectorOracle()) : o;
    }

    /** Uploads x0 split into tensors of the given lengths and names (caller closes the buffers). */
    static ParameterSet upload(Backend backend, Precision precision, double[] x0, String[] names, int[][] shapes) {
        List<Parameter> ps = new ArrayList<>();
        int off = 0;
        for (int i = 0; i < names.length; i++) {
            int len = 1;
            for (int d : shapes[i]) len *= d;
            double[] part = java.util.Arrays.copyOfRange(x0, off, off + len);
            ps.add(new Parameter(names[i], backend.upload(precision, part), shapes[i]));
            off += len;
        }
        if (off != x0.length) throw new IllegalArgumentException("shapes cover " + off + " of " + x0.length);
        return new ParameterSet(ps);
    }

    static void close(ParameterSet p) {
        for (Parameter q : p.list()) q.buffer().close();
    }
}
