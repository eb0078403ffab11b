package org.newton4j.path;

import java.util.Locale;

/** Control variates for the score-function estimators; each keeps them unbiased. */
public enum Baseline {
    /** No baseline. */
    NONE,
    /** f(c), the unperturbed value (one extra solve per map). */
    F_OF_C,
    /** For sample i, the mean of the other samples' values (independent of Z_i). */
    LEAVE_ONE_OUT;

    public static Baseline parse(String name, String argumentName) {
        String t = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "none": return NONE;
            case "f(c)": case "f_of_c": case "fc": return F_OF_C;
            case "leave_one_out": case "loo": case "leave-one-out": return LEAVE_ONE_OUT;
            default: throw new IllegalArgumentException(argumentName + ": unknown baseline '" + name
                    + "' (expected none, f_of_c or leave_one_out)");
        }
    }

    @Override
    public String toString() { return name().toLowerCase(Locale.ROOT); }
}
