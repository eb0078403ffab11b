package org.newton4j.device.opencl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides, before the first OpenCL call, whether loading the installed ICDs would break the JVM.
 *
 * <p>PoCL (the CPU OpenCL of CI and of many GPU hosts) installs its own SIGFPE handler when its
 * devices initialise, so that integer division by zero inside a kernel does not kill the host. In a
 * JVM that replaces HotSpot's handler: JIT-compiled Java code relies on SIGFPE to throw
 * ArithmeticException for {@code x / 0}, and PoCL's handler instead skips the faulting instruction,
 * so Java silently computes garbage (measured here: 327 of 2000 divisions by zero in a hot loop
 * returned a number) and the JVM can later crash. The ICD loader initialises every installed
 * platform as soon as platforms are listed, so the only safe moment to decide is before that.
 * {@code POCL_SIGFPE_HANDLER=0} in the environment (set by ./newton4j, ./run-tests and the
 * benchmark scripts) turns PoCL's handler off.
 */
final class PoclSignalGuard {
    static final String VARIABLE = "POCL_SIGFPE_HANDLER";
    private static final Path SYSTEM_VENDORS = Path.of("/etc/OpenCL/vendors");

    private PoclSignalGuard() { }

    /** Why opening OpenCL in this process is unsafe, or empty when it is safe. */
    static Optional<String> problem() {
        return problem(System.getenv());
    }

    static Optional<String> problem(Map<String, String> env) {
        if ("0".equals(env.getOrDefault(VARIABLE, "").trim())) return Optional.empty();
        String vendors = env.get("OCL_ICD_VENDORS");   // the ICD loader's override of the vendors directory
        Path dir = vendors == null || vendors.isBlank() ? SYSTEM_VENDORS : Path.of(vendors);
        if (!registersPocl(dir)) return Optional.empty();
        return Optional.of("PoCL is installed (" + dir + ") and would replace the JVM's SIGFPE handler, after which "
                + "Java integer division by zero returns garbage instead of throwing; set " + VARIABLE
                + "=0 in the environment before starting the JVM (./newton4j and ./run-tests do)");
    }

    /** True when the vendors directory (or a single .icd file) names PoCL. */
    static boolean registersPocl(Path vendors) {
        if (Files.isRegularFile(vendors)) return namesPocl(vendors);
        if (!Files.isDirectory(vendors)) return false;
        try (Stream<Path> icds = Files.list(vendors)) {
            return icds.anyMatch(PoclSignalGuard::namesPocl);
        } catch (IOException e) {
            return false;   // an unreadable directory: the ICD loader cannot read it either
        }
    }

    private static boolean namesPocl(Path icd) {
        if (icd.getFileName().toString().toLowerCase(Locale.ROOT).contains("pocl")) return true;
        try {
            return Files.isRegularFile(icd) && Files.size(icd) < 4096
                    && new String(Files.readAllBytes(icd), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("pocl");
        } catch (IOException e) {
            return false;
        }
    }
}
