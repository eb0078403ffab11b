package org.newton4j.device.opencl;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * {@code POCL_SIGFPE_HANDLER=0} in the environment turns PoCL's handler off.
 *
 * <p>Second, the LLVM inside PoCL installs its own crash handlers for SIGSEGV, SIGBUS, SIGILL and SIGFPE
 * (one-shot: SA_RESETHAND) each time PoCL compiles a kernel, over HotSpot's, which uses SIGSEGV for safepoint
 * polls and implicit null checks. The next safepoint then runs LLVM's handler in a Java thread: it deletes
 * the compiler's temporary files, so a concurrent kernel build fails with CL_BUILD_PROGRAM_FAILURE
 * (measured: 3 of 3 runs of 30 builds beside allocating threads), and a second thread faulting before the
 * JVM's handler is back finds the default action and the process dies with no crash report (seen once in
 * CI as exit 139 in a conformance fork). HotSpot's signal-chaining library, preloaded
 * ({@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so}), keeps the JVM's handlers installed and calls LLVM's only
 * for signals that are not the JVM's (0 of 3 such runs failed). Both settings come from
 * src/main/shell/native-env.sh, which ./newton4j, ./run-tests and the benchmark scripts source; the Maven
 * test forks set them in the pom.
 */
final class PoclSignalGuard {
    static final String VARIABLE = "POCL_SIGFPE_HANDLER";
    private static final Path SYSTEM_VENDORS = Path.of("/etc/OpenCL/vendors");

    private PoclSignalGuard() { }

    /** The JVM's signal-chaining library, as the dynamic linker names it in /proc/self/maps. */
    static final String SIGNAL_CHAINING_LIBRARY = "libjsig.so";

    /** Why opening OpenCL in this process is unsafe, or empty when it is safe. */
    static Optional<String> problem() {
        return problem(System.getenv(), signalChainingLoaded());
    }

    static Optional<String> problem(Map<String, String> env, boolean signalChaining) {
        String vendors = env.get("OCL_ICD_VENDORS");   // the ICD loader's override of the vendors directory
        Path dir = vendors == null || vendors.isBlank() ? SYSTEM_VENDORS : Path.of(vendors);
        if (!registersPocl(dir)) return Optional.empty();
        if (!"0".equals(env.getOrDefault(VARIABLE, "").trim()))
            return Optional.of("PoCL is installed (" + dir + ") and would replace the JVM's SIGFPE handler, after which "
                    + "Java integer division by zero returns garbage instead of throwing; set " + VARIABLE
                    + "=0 in the environment before starting the JVM (./newton4j, ./run-tests and the bench scripts do, via "
                    + "src/main/shell/native-env.sh)");
        if (!signalChaining)
            return Optional.of("PoCL is installed (" + dir + ") and its LLVM replaces the JVM's SIGSEGV handler whenever it "
                    + "compiles a kernel, which fails kernel builds and can kill the JVM; preload the JVM's signal-chaining "
                    + "library before starting it: LD_PRELOAD=" + Path.of(System.getProperty("java.home"), "lib", SIGNAL_CHAINING_LIBRARY)
                    + " (./newton4j and the bench scripts do, via src/main/shell/native-env.sh; Maven's test forks get it from the pom)");
        return Optional.empty();
    }

    /** True when libjsig is mapped into this process; also true where /proc/self/maps cannot be read (not Linux). */
    static boolean signalChainingLoaded() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) return true;
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.anyMatch(l -> l.endsWith("/" + SIGNAL_CHAINING_LIBRARY));
        } catch (IOException | UncheckedIOException e) {
            return true;   // cannot tell: do not refuse on a guess
        }
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
