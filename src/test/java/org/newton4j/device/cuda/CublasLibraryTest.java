package org.newton4j.device.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cuBLAS load probe: on a machine without libcublas.so.12 (CI, a CUDA 13 host) it must give one line that
 * names the missing library, every time, never throw; the switch must turn cuBLAS off where it would load.
 */
class CublasLibraryTest {
    /** The message JCuda 12.6's loader throws on a machine without the CUDA 12 cuBLAS (abridged, same layout). */
    private static final String JCUDA_MESSAGE = String.join("\n",
            "Error while loading native library \"JCublas2-12.6.0-linux-x86_64\"",
            "Operating system name: Linux",
            "---(start of nested stack traces)---",
            "Stack trace from the attempt to load the library as a file:",
            "java.lang.UnsatisfiedLinkError: no JCublas2-12.6.0-linux-x86_64 in java.library.path: /usr/java/packages/lib:/usr/lib",
            "\tat java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2434)",
            "Stack trace from the attempt to load the library as a resource:",
            "java.lang.UnsatisfiedLinkError: /tmp/libJCublas2-12.6.0-linux-x86_64.so: libcublas.so.12: cannot open shared object file: No such file or directory",
            "\tat java.base/jdk.internal.loader.NativeLibraries.load(Native Method)",
            "---(end of nested stack traces)---");

    @AfterEach
    void clearSwitch() { System.clearProperty(CublasLibrary.PROPERTY); }

    @Test
    void aMissingLibraryIsNamedInOneLine() {
        String reason = CublasLibrary.describe(new UnsatisfiedLinkError(JCUDA_MESSAGE));
        assertTrue(reason.startsWith("cannot load cuBLAS: libcublas.so.12 not found"), reason);
        assertFalse(reason.contains("\n"), reason);
    }

    @Test
    void otherFailuresKeepTheFirstLineOfTheirMessage() {
        assertEquals("cannot load cuBLAS: NoClassDefFoundError: Could not initialize class jcuda.jcublas.JCublas2",
                CublasLibrary.describe(new NoClassDefFoundError("Could not initialize class jcuda.jcublas.JCublas2\nmore")));
    }

    @Test
    void theProbeNeverThrowsAndGivesTheSameAnswerEachTime() {
        String first = CublasLibrary.loadFailure();
        assertEquals(first, CublasLibrary.loadFailure(), "a second probe must not report 'could not initialize class'");
        if (first != null) {
            assertTrue(first.startsWith("cannot load cuBLAS: ") || first.startsWith("disabled by "), first);
            assertFalse(first.contains("\n"), first);
        }
    }

    @Test
    void theSwitchTurnsCublasOff() {
        System.setProperty(CublasLibrary.PROPERTY, "off");
        assertEquals("disabled by -Dnewton4j.cublas=off", CublasLibrary.loadFailure());
        System.setProperty(CublasLibrary.PROPERTY, "on");
        assertNull(CublasLibrary.disabledBy(), "any value but off/0/false/no leaves cuBLAS enabled");
    }
}
