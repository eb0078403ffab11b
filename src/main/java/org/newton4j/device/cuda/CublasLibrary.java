package org.newton4j.device.cuda;

import java.util.Locale;

import jcuda.jcublas.JCublas2;

/**
 * Whether JCublas2, and the libcublas.so.12 its native library links against, load in this JVM. Probed
 * once: a class whose initialisation failed reports only "could not initialize class" afterwards, so the
 * first reason is kept. cuBLAS is an optional accelerator (DESIGN §3): a CUDA 13 machine may have no
 * libcublas.so.12, and the CUDA backend then runs its own GEMM kernels.
 */
final class CublasLibrary {
    /** Environment variable; "off" keeps GEMM on newton4j's own kernels even where cuBLAS loads. */
    static final String ENVIRONMENT = "NEWTON4J_CUBLAS";
    /** System property with the same meaning; it takes precedence over the environment. */
    static final String PROPERTY = "newton4j.cublas";

    private static final String MISSING = "cannot open shared object file";
    private static String failure;
    private static boolean probed;

    private CublasLibrary() { }

    /** Null when cuBLAS is loaded and enabled, else why not (one line). */
    static synchronized String loadFailure() {
        String disabled = disabledBy();
        if (disabled != null) return disabled;
        if (!probed) {
            probed = true;
            try {
                JCublas2.setExceptionsEnabled(true);   // the first use loads the native library
            } catch (Throwable t) {   // UnsatisfiedLinkError, or NoClassDefFoundError from an earlier try
                failure = describe(t);
            }
        }
        return failure;
    }

    /** "disabled by ..." when the switch says off, else null. */
    static String disabledBy() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) return off(p) ? "disabled by -D" + PROPERTY + "=" + p : null;
        String e = System.getenv(ENVIRONMENT);
        return e != null && off(e) ? "disabled by " + ENVIRONMENT + "=" + e : null;
    }

    private static boolean off(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("off") || s.equals("0") || s.equals("false") || s.equals("no");
    }

    /**
     * One line for a load failure: the shared library the dynamic linker could not find when the message
     * names one (JCuda's message is a page of nested stack traces), else the message's first line.
     */
    static String describe(Throwable t) {
        String message = String.valueOf(t.getMessage());
        for (String line : message.split("\n")) {
            int at = line.indexOf(MISSING);
            if (at < 0) continue;
            String before = line.substring(0, at).replaceAll("[:\\s]+$", "");
            String library = before.substring(Math.max(before.lastIndexOf(' '), before.lastIndexOf(':')) + 1);
            return "cannot load cuBLAS: " + library + " not found (JCublas 12.6 needs the CUDA 12 cuBLAS on the"
                    + " library path); GEMM runs on newton4j's kernels";
        }
        int nl = message.indexOf('\n');
        return "cannot load cuBLAS: " + t.getClass().getSimpleName() + ": " + (nl < 0 ? message : message.substring(0, nl));
    }
}
