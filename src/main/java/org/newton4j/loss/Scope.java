package org.newton4j.loss;

import java.util.Locale;

/** Whether one curvature matrix serves the whole batch (the paper's definition) or each sample has its own. */
public enum Scope {
    /** One m×m matrix averaged over the batch: one reduction plus one solve. */
    BATCH,
    /** One m×m system per sample, solved in a batch. */
    SAMPLE;

    public static Scope parse(String text, String argumentName) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "batch": return BATCH;
            case "sample": return SAMPLE;
            default: throw new IllegalArgumentException(argumentName + ": unknown scope '" + text + "' (expected batch or sample)");
        }
    }

    @Override public String toString() { return name().toLowerCase(Locale.ROOT); }
}
