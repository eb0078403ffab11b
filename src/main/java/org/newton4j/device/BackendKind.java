package org.newton4j.device;

import java.util.Locale;

/** The three backends. AUTO is a request, resolved by {@link Backends#open(BackendKind)}. */
public enum BackendKind {
    CPU, OPENCL, CUDA, AUTO;

    public static BackendKind parse(String text, String argumentName) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "cpu": return CPU;
            case "opencl": case "ocl": return OPENCL;
            case "cuda": return CUDA;
            case "auto": case "": return AUTO;
            default: throw new IllegalArgumentException(
                    argumentName + ": unknown backend '" + text + "' (expected cpu, opencl, cuda or auto)");
        }
    }

    @Override
    public String toString() { return name().toLowerCase(Locale.ROOT); }
}
