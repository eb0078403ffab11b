package org.newton4j.path;

import java.util.Locale;

/** How the soft traceback runs (DESIGN §5). */
public enum Loop {
    /** Exactly T traceback steps. */
    FOR,
    /** AlgoVision's relaxed While on the condition path(0,0) ≤ 1, relaxed as σ(β(1 − path(0,0))). */
    WHILE;

    /** At most this many relaxed While iterations (AlgoVision's cap). */
    public static final int MAX_WHILE_ITERATIONS = 1024;
    /** The relaxed While stops when the probability of continuing falls to this. */
    public static final double WHILE_EPSILON = 1e-5;

    public static Loop parse(String name, String argumentName) {
        String t = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "for": return FOR;
            case "while": return WHILE;
            default: throw new IllegalArgumentException(argumentName + ": unknown loop '" + name + "' (expected for or while)");
        }
    }
}
