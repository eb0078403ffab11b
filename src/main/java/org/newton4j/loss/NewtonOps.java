package org.newton4j.loss;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.NativeBackend;

/**
 * The elementwise and reduction pieces of kernels/common/newton.h, one implementation per backend
 * kind. Shapes: N×m row-major unless stated; see newton.h for each formula.
 */
interface NewtonOps {
    static NewtonOps on(Backend backend) {
        return backend instanceof NativeBackend nb ? new NativeNewtonOps(nb) : new CpuNewtonOps();
    }

    /** F = scale · GᵀG (m×m). */
    void gramColumns(DeviceBuffer g, DeviceBuffer f, int n, int m, double scale);

    /** K = GGᵀ (N×N). */
    void gramRows(DeviceBuffer g, DeviceBuffer k, int n, int m);

    /** D_i = (g_i − Gᵀ c_i) / λ. */
    void woodburyFinish(DeviceBuffer g, DeviceBuffer c, DeviceBuffer d, int n, int m, double lambda);

    /** D_i = g_i / (λ + g_iᵀ g_i). */
    void fisherSample(DeviceBuffer g, DeviceBuffer d, int n, int m, double lambda);

    /** D = scale · G. */
    void scaleCopy(DeviceBuffer g, DeviceBuffer d, long total, double scale);

    /** Z = Y − D, S = D / N, halfSq_i = ½‖D_i‖². */
    void newtonOutputs(DeviceBuffer y, DeviceBuffer d, DeviceBuffer z, DeviceBuffer s, DeviceBuffer halfSq, int n, int m);

    /** Σ x_i over n elements, in float64 on the host from a few device partials. */
    double sum(DeviceBuffer x, int n);

    /** V_i = e_k for every sample. */
    void unitVectors(DeviceBuffer v, int n, int m, int k);

    /** H_i[:, k] = HV_i. */
    void scatterColumn(DeviceBuffer hv, DeviceBuffer h, int n, int m, int k);

    /** MSE value / gradient / Hessian (null = not wanted). */
    void mseEval(DeviceBuffer y, DeviceBuffer t, DeviceBuffer value, DeviceBuffer grad, DeviceBuffer hess, int n, int m);

    /** out = (2/m) v. */
    void mseHvp(DeviceBuffer v, DeviceBuffer out, long total, int m);

    /** Softmax CE: probabilities into p, then value / gradient / Hessian (null = not wanted). */
    void ceEval(DeviceBuffer y, DeviceBuffer labels, DeviceBuffer p, DeviceBuffer value, DeviceBuffer grad,
                DeviceBuffer hess, int n, int m);

    /** out_i = (diag(p_i) − p_i p_iᵀ) v_i. */
    void ceHvp(DeviceBuffer p, DeviceBuffer v, DeviceBuffer out, int n, int m);

    /** Per-sample (diag(p) − ppᵀ + λI)⁻¹ g by Sherman–Morrison. */
    void ceNewtonSample(DeviceBuffer p, DeviceBuffer g, DeviceBuffer d, int n, int m, double lambda);
}
