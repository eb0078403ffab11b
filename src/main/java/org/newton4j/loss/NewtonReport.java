package org.newton4j.loss;

/**
 * How one Newton-loss step was computed: the curvature, scope and policy, λ as requested and as
 * used (raised by adaptive damping), and which solve path ran ("closed form", "cholesky",
 * "eigen (indefinite)", "woodbury", ...).
 */
public record NewtonReport(Curvature curvature, Scope scope, IndefinitePolicy policy,
                           double lambdaRequested, double lambdaUsed, String method) {
    public boolean raisedDamping() { return lambdaUsed != lambdaRequested; }

    @Override
    public String toString() {
        return curvature + "/" + scope + " policy=" + policy + " λ=" + lambdaRequested
                + (raisedDamping() ? " raised to " + lambdaUsed : "") + " via " + method;
    }
}
