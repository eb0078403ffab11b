package org.newton4j.loss;

import java.util.Locale;

/** The curvature C of a Newton loss (DESIGN §6). */
public enum Curvature {
    /** The Hessian of the loss w.r.t. the outputs. */
    HESSIAN,
    /** The empirical Fisher g gᵀ (always positive semi-definite). */
    FISHER;

    public static Curvature parse(String text, String argumentName) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "hessian": return HESSIAN;
            case "fisher": return FISHER;
            default: throw new IllegalArgumentException(argumentName + ": unknown curvature '" + text + "' (expected hessian or fisher)");
        }
    }

    @Override public String toString() { return name().toLowerCase(Locale.ROOT); }
}
