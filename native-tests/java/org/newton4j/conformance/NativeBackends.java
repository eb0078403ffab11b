package org.newton4j.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.newton4j.device.BackendKind;
import org.newton4j.device.Backends;
import org.newton4j.device.NativeBackend;

/**
 * The native backends a conformance test runs on. With none found the test is skipped with a
 * visible reason — except in CI (CI=true), which promises OpenCL on PoCL: there a missing OpenCL
 * backend fails the run instead of letting every conformance test pass vacuously.
 * {@code -Dnewton4j.conformance.backends=cuda} (a comma list) restricts the run to the kinds named,
 * e.g. on a GPU host whose OpenCL platform is not the one under test.
 */
public final class NativeBackends {
    private NativeBackends() { }

    /** Opens every native backend found; the caller closes them (e.g. in @AfterAll). */
    public static List<NativeBackend> openOrSkip() {
        List<NativeBackend> found = Backends.openNative();
        String only = System.getProperty("newton4j.conformance.backends", "").trim();
        if (!only.isEmpty()) {
            List<BackendKind> wanted = Arrays.stream(only.split(",")).map(k -> BackendKind.parse(k, "newton4j.conformance.backends")).toList();
            found.stream().filter(b -> !wanted.contains(b.kind())).forEach(NativeBackend::close);
            found = found.stream().filter(b -> wanted.contains(b.kind())).toList();
        }
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (ci && found.stream().noneMatch(b -> b.kind() == BackendKind.OPENCL)) {
            String why;
            try {
                Backends.open(BackendKind.OPENCL).close();
                why = "?";
            } catch (RuntimeException e) {
                why = e.getMessage();
            }
            fail("CI=true but no OpenCL backend opened (" + why + "): conformance tests must run on PoCL in CI");
        }
        Assumptions.assumeTrue(!found.isEmpty(),
                "no native backend found (no CUDA device; no OpenCL platform — install pocl-opencl-icd and ocl-icd-opencl-dev)");
        return found;
    }

    public static void closeAll(List<NativeBackend> backends) {
        if (backends != null) for (NativeBackend b : backends) b.close();
    }
}
