package org.newton4j.optim;

import java.util.ArrayList;
import java.util.List;

import org.newton4j.device.DeviceBuffer;

/**
 * Hessian-vector products and third-order directional derivatives of an {@link Objective}: the
 * exact oracles when the objective has them, otherwise central finite differences of gradients.
 *
 * <p><b>Hessian-vector product by differences.</b> Hv ≈ (∇L(θ + hv) − ∇L(θ − hv)) / (2h) with
 * h = ε^{1/3} · max(1, ‖θ‖) / ‖v‖ (ε: machine epsilon of the parameters' precision; ‖θ‖ over
 * the tensors where v is non-zero, so a direction restricted to one group moves by a step relative
 * to that group's scale). The
 * truncation error is at most (h²/6)·M₃‖v‖³ (M₃ bounds the third derivative along v) and the
 * rounding error about ε(‖∇L‖ + M₂‖θ‖)/h, so both are O(ε^{2/3}) relative to the scale of θ:
 * about 1e-11 in float64 and 3e-5 in float32. Cost: two gradient evaluations.
 *
 * <p><b>Third-order derivative ∂³L[u,u,u] by differences.</b> With an exact HVP oracle:
 * (uᵀH(θ + hu)u − uᵀH(θ − hu)u) / (2h), h = ε^{1/3}·max(1,‖θ‖)/‖u‖, error O(ε^{2/3}), two HVPs.
 * With gradients only: (uᵀ∇L(θ + hu) − 2uᵀ∇L(θ) + uᵀ∇L(θ − hu)) / h², h = ε^{1/4}·max(1,‖θ‖)/‖u‖,
 * truncation (h²/12)·M₅‖u‖⁵ and rounding about 4ε|uᵀ∇L|/h², so O(ε^{1/2}): about 1e-8 in float64
 * and 3e-4 in float32; two gradient evaluations (uᵀ∇L(θ) is supplied by the caller).
 */
public final class DirectionalDerivatives<B> implements AutoCloseable {
    private final Objective<B> objective;
    private final ParameterSet params;
    private final OptimKernels kernels;
    private final GradientEvaluator<B> gradients;
    private final TensorList shifted, outPlus, outMinus;
    private final double eps;

    DirectionalDerivatives(Objective<B> objective, ParameterSet params, OptimKernels kernels, GradientEvaluator<B> gradients) {
        this.objective = objective;
        this.params = params;
        this.kernels = kernels;
        this.gradients = gradients;
        this.eps = params.precision().epsilon();
        shifted = params.allocateLike();
        outPlus = params.allocateLike();
        outMinus = params.allocateLike();
    }

    /** A stand-alone instance (tests, user code); close it. */
    public static <B> DirectionalDerivatives<B> of(Objective<B> objective, ParameterSet params) {
        OptimKernels k = OptimKernels.on(params.backend());
        return new DirectionalDerivatives<>(objective, params, k, new GradientEvaluator<>(objective.gradient(), params, k, true));
    }

    public boolean exactHessianVector() { return objective.hessianVector() != null; }

    public boolean exactThirdOrder() { return objective.thirdOrder() != null; }

    /** ‖v‖ and max(1, ‖θ‖ over the tensors v touches): the step scales with the parameters being moved. */
    private double[] norms(List<DeviceBuffer> at, List<DeviceBuffer> v) {
        double vv = 0, tt = 0;
        for (int i = 0; i < v.size(); i++) {
            double d = kernels.dot(v.get(i), v.get(i));
            if (d > 0) {
                vv += d;
                tt += kernels.dot(at.get(i), at.get(i));
            }
        }
        return new double[] {Math.sqrt(vv), Math.max(1, Math.sqrt(tt))};
    }

    /** Σ over tensors of x·y. */
    double dot(List<DeviceBuffer> x, List<DeviceBuffer> y) {
        double s = 0;
        for (int i = 0; i < x.size(); i++) s += kernels.dot(x.get(i), y.get(i));
        return s;
    }

    /** shifted ← at + s·dir. */
    private List<DeviceBuffer> shift(List<DeviceBuffer> at, double s, List<DeviceBuffer> dir) {
        for (int i = 0; i < at.size(); i++) kernels.axpby(shifted.get(i), 1, at.get(i), s, dir.get(i));
        return shifted.buffers();
    }

    /** out ← ∇²L(at; batch) v. */
    public void hessianVector(List<DeviceBuffer> at, B batch, List<DeviceBuffer> v, List<DeviceBuffer> out) {
        if (objective.hessianVector() != null) {
            objective.hessianVector().hessianVectorProduct(at, batch, v, out);
            return;
        }
        double[] n = norms(at, v);
        if (n[0] == 0) {
            for (DeviceBuffer b : out) params.backend().fill(b, 0);
            return;
        }
        double h = Math.cbrt(eps) * n[1] / n[0];
        gradients.evaluate(shift(at, h, v), batch, outPlus.buffers());
        gradients.evaluate(shift(at, -h, v), batch, outMinus.buffers());
        for (int i = 0; i < out.size(); i++) kernels.axpby(out.get(i), 0.5 / h, outPlus.get(i), -0.5 / h, outMinus.get(i));
    }

    /**
     * ∂³L(at; batch)[u, u, u]. {@code uDotGradient} = uᵀ∇L(at; batch), used by the gradient-only
     * difference formula (pass NaN to have it evaluated).
     */
    public double thirdDirectional(List<DeviceBuffer> at, B batch, List<DeviceBuffer> u, double uDotGradient) {
        if (objective.thirdOrder() != null) return objective.thirdOrder().thirdDirectional(at, batch, u);
        double[] n = norms(at, u);
        double un = n[0], scale = n[1];
        if (un == 0) return 0;
        if (objective.hessianVector() != null) {
            double h = Math.cbrt(eps) * scale / un;
            List<DeviceBuffer> atPlus = copyOf(shift(at, h, u));
            try {
                objective.hessianVector().hessianVectorProduct(atPlus, batch, u, outPlus.buffers());
                objective.hessianVector().hessianVectorProduct(shift(at, -h, u), batch, u, outMinus.buffers());
            } finally {
                atPlus.forEach(DeviceBuffer::close);
            }
            return (dot(u, outPlus.buffers()) - dot(u, outMinus.buffers())) / (2 * h);
        }
        if (Double.isNaN(uDotGradient)) {
            gradients.evaluate(at, batch, outPlus.buffers());
            uDotGradient = dot(u, outPlus.buffers());
        }
        double h = Math.sqrt(Math.sqrt(eps)) * scale / un;
        gradients.evaluate(shift(at, h, u), batch, outPlus.buffers());
        double plus = dot(u, outPlus.buffers());
        gradients.evaluate(shift(at, -h, u), batch, outMinus.buffers());
        double minus = dot(u, outMinus.buffers());
        return (plus - 2 * uDotGradient + minus) / (h * h);
    }

    private List<DeviceBuffer> copyOf(List<DeviceBuffer> x) {
        List<DeviceBuffer> out = new ArrayList<>(x.size());
        for (DeviceBuffer b : x) {
            DeviceBuffer c = params.backend().allocate(b.type(), b.length());
            params.backend().copy(b, 0, c, 0, b.length());
            out.add(c);
        }
        return out;
    }

    @Override
    public void close() {
        shifted.close();
        outPlus.close();
        outMinus.close();
    }
}
