package org.newton4j.optim;

/**
 * The scalars Alice's kernels read at one step: sigma (perturbation length, also lr), the capped
 * betas, regularisation weights, eps, the limiter bounds tau1 (lr_min) and tau2 (lr_max), phi,
 * omega, and the switches hessComp (0 zero, 1 abs, 2 rms), gradGlass, limiter (0 fixed, 1 sgdm, 2 adam).
 */
public record AliceCoefficients(double sigma, double beta1, double beta2, double beta3, double w1, double w2,
                                double eps, double tau1, double tau2, double phi, double omega,
                                int hessComp, boolean gradGlass, int limiter) { }
