package org.newton4j.optim;

/**
 * The scalars of one Adam update at step t: {@code stepSize = lr / (1 − β1^t)},
 * {@code bc2Sqrt = sqrt(1 − β2^t)}.
 */
public record AdamCoefficients(double stepSize, double beta1, double beta2, double eps, double weightDecay, double bc2Sqrt) {
    public static AdamCoefficients at(long t, double lr, double beta1, double beta2, double eps, double weightDecay) {
        return new AdamCoefficients(lr / (1 - Math.pow(beta1, t)), beta1, beta2, eps, weightDecay,
                Math.sqrt(1 - Math.pow(beta2, t)));
    }
}
