package org.newton4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.newton4j.device.NativeBackend;

/**
 * Opening the native backends must leave the JVM's own signal handling intact. PoCL installs a
 * SIGFPE handler that, unless POCL_SIGFPE_HANDLER=0, swallows the SIGFPE through which JIT-compiled
 * Java throws ArithmeticException for integer division by zero: the division then returns garbage.
 */
class JvmSignalConformanceTest {
    private static int quotient(int a, int b) { return a / b; }

    @Test
    void integerDivisionByZeroStillThrowsAfterTheBackendsOpen() {
        List<NativeBackend> backends = NativeBackends.openOrSkip();
        try {
            int divisions = 0, thrown = 0;
            long sink = 0;
            // enough calls for the JIT to compile quotient with its implicit (signal-based) zero check
            for (int i = 0; i < 2_000_000; i++) {
                boolean byZero = i % 1000 == 0;
                if (byZero) divisions++;
                try {
                    sink += quotient(i, byZero ? 0 : 1);
                } catch (ArithmeticException e) {
                    thrown++;
                }
            }
            assertEquals(divisions, thrown, "divisions by zero that returned a number instead of throwing (sink " + sink + ")");
        } finally {
            NativeBackends.closeAll(backends);
        }
    }
}
