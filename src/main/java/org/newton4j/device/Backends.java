package org.newton4j.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.device.cuda.CudaBackend;
import org.newton4j.device.opencl.OpenClBackend;

/**
 * Opens backends. {@code auto} means CUDA if usable, else an OpenCL GPU, else the CPU. The choice can
 * come from the API, the system property {@code newton4j.backend} or the environment variable
 * {@code NEWTON4J_BACKEND} (in that order of precedence).
 */
public final class Backends {
    public static final String PROPERTY = "newton4j.backend";
    public static final String ENVIRONMENT = "NEWTON4J_BACKEND";

    private Backends() { }

    /** The backend asked for by -Dnewton4j.backend or NEWTON4J_BACKEND, AUTO when neither is set. */
    public static BackendKind configured() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) return BackendKind.parse(p, "-D" + PROPERTY);
        String e = System.getenv(ENVIRONMENT);
        if (e != null && !e.isBlank()) return BackendKind.parse(e, ENVIRONMENT);
        return BackendKind.AUTO;
    }

    /** Opens the configured backend (see {@link #configured()}). */
    public static Backend open() { return open(configured()); }

    /**
     * Opens a backend. An explicit kind that cannot be opened throws {@link BackendUnavailableException}
     * with a one-line reason; AUTO falls back to the CPU.
     */
    public static Backend open(BackendKind kind) {
        switch (kind) {
            case CPU: return new CpuBackend();
            case OPENCL: return OpenClBackend.open(false);
            case CUDA: return CudaBackend.open();
            case AUTO:
                try {
                    return CudaBackend.open();
                } catch (BackendUnavailableException ignored) {
                    // fall through: no usable CUDA device
                }
                try {
                    return OpenClBackend.open(true);
                } catch (BackendUnavailableException ignored) {
                    // no OpenCL GPU
                }
                return new CpuBackend();
            default: throw new IllegalArgumentException("backend: " + kind);
        }
    }

    /** Tries each backend once and reports what was found; used by `newton4j devices`. */
    public static List<BackendProbe> probeAll() {
        List<BackendProbe> out = new ArrayList<>();
        for (BackendKind k : new BackendKind[] {BackendKind.CPU, BackendKind.OPENCL, BackendKind.CUDA}) {
            try (Backend b = open(k)) {
                // asked while the backend is open, so `devices` need not open it a second time
                Optional<String> gemm = b instanceof NativeBackend nb ? Optional.of(BackendProbe.describeGemm(nb)) : Optional.empty();
                out.add(new BackendProbe(k, true, "", b.info(), gemm));
            } catch (BackendUnavailableException e) {
                out.add(new BackendProbe(k, false, e.getMessage().replaceFirst("^\\S+ backend unavailable: ", ""), null,
                        Optional.empty()));
            }
        }
        return out;
    }

    /** Every native backend that opens here, for conformance tests and the demo. Caller closes them. */
    public static List<NativeBackend> openNative() {
        List<NativeBackend> out = new ArrayList<>();
        try { out.add(CudaBackend.open()); } catch (BackendUnavailableException ignored) { }
        try { out.add(OpenClBackend.open(false)); } catch (BackendUnavailableException ignored) { }
        return out;
    }
}
