package org.newton4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.newton4j.device.Precision;

/** The cross-backend tolerances of DESIGN §8, as one assertion. */
public final class Agreement {
    /** Relative-norm tolerance for values, gradients and solutions. */
    public static double valueTolerance(Precision p) { return p == Precision.F32 ? 1e-4 : 1e-10; }

    /** Relative-norm tolerance for Hessians. */
    public static double hessianTolerance(Precision p) { return p == Precision.F32 ? 1e-3 : 1e-10; }

    private Agreement() { }

    /** ‖actual − expected‖ ≤ tol · max(‖expected‖, tiny), and every element finite (poisoned NaN fails). */
    public static void assertClose(String what, double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Double.isFinite(actual[i]) || !Double.isFinite(expected[i]),
                    what + ": element " + i + " is " + actual[i] + " (expected " + expected[i] + ")");
            if (!Double.isFinite(expected[i])) continue;
            double d = actual[i] - expected[i];
            diff += d * d;
            norm += expected[i] * expected[i];
        }
        double rel = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-300);
        assertTrue(rel <= tol, what + ": relative error " + rel + " > " + tol);
    }
}
