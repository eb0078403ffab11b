package org.newton4j.loss;

import java.util.Locale;

/** What a Hessian Newton loss does when H + λI is not positive definite (DESIGN §6). */
public enum IndefinitePolicy {
    /** The paper's behaviour: solve H + λI exactly (Cholesky, else the eigen path); the step may go uphill. */
    EXACT("exact"),
    /** Replace the eigenvalues by their magnitudes: (|H| + λI)⁻¹ g is always a descent direction. */
    ABS_EIGEN("abs-eigen"),
    /** Multiply λ by {@link NewtonLoss#DAMPING_GROWTH} until every Cholesky factorisation succeeds. */
    ADAPTIVE_DAMPING("adaptive-damping");

    private final String label;

    IndefinitePolicy(String label) { this.label = label; }

    public static IndefinitePolicy parse(String text, String argumentName) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (IndefinitePolicy p : values()) if (p.label.equals(t)) return p;
        throw new IllegalArgumentException(argumentName + ": unknown policy '" + text
                + "' (expected exact, abs-eigen or adaptive-damping)");
    }

    @Override public String toString() { return label; }
}
