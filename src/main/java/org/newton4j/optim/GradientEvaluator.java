package org.newton4j.optim;

import java.util.List;

import org.newton4j.device.DeviceBuffer;

/** Calls a gradient oracle and rejects non-finite losses and gradients before any state is touched. */
final class GradientEvaluator<B> {
    private final GradientOracle<B> oracle;
    private final ParameterSet params;
    private final OptimKernels kernels;
    private final boolean checkFinite;
    private long evaluations;

    GradientEvaluator(GradientOracle<B> oracle, ParameterSet params, OptimKernels kernels, boolean checkFinite) {
        if (oracle == null) throw new IllegalArgumentException("gradient oracle: is null");
        this.oracle = oracle;
        this.params = params;
        this.kernels = kernels;
        this.checkFinite = checkFinite;
    }

    /** ∇L(at; batch) into gradient; returns L. */
    double evaluate(List<DeviceBuffer> at, B batch, List<DeviceBuffer> gradient) {
        evaluations++;
        double loss = oracle.gradient(at, batch, gradient);
        if (checkFinite) {
            if (!Double.isFinite(loss)) throw new IllegalArgumentException("gradient oracle: the loss is not finite (" + loss + ")");
            if (kernels.anyNonFinite(gradient)) {
                for (int i = 0; i < gradient.size(); i++)
                    if (kernels.anyNonFinite(List.of(gradient.get(i))))
                        throw new IllegalArgumentException("gradient oracle: the gradient of '" + params.get(i).name()
                                + "' has NaN or infinite elements");
            }
        }
        return loss;
    }

    /** Gradient evaluations so far (finite-difference ones included). */
    long evaluations() { return evaluations; }

    GradientOracle<B> oracle() { return oracle; }
}
