package org.newton4j.optim;

/**
 * The oracles a second-order optimizer may use: the gradient (required), an exact Hessian-vector
 * product and an exact third-order directional derivative (optional: {@link DirectionalDerivatives}
 * falls back to central finite differences of gradients when they are absent).
 */
public record Objective<B>(GradientOracle<B> gradient, HessianVectorOracle<B> hessianVector,
                           ThirdOrderOracle<B> thirdOrder) {
    public Objective {
        if (gradient == null) throw new IllegalArgumentException("objective: the gradient oracle is required");
    }

    public static <B> Objective<B> of(GradientOracle<B> gradient) { return new Objective<>(gradient, null, null); }

    public Objective<B> withHessianVector(HessianVectorOracle<B> hvp) { return new Objective<>(gradient, hvp, thirdOrder); }

    public Objective<B> withThirdOrder(ThirdOrderOracle<B> t) { return new Objective<>(gradient, hessianVector, t); }
}
