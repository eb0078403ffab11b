package org.newton4j.device.opencl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoclSignalGuardTest {
    @TempDir Path vendors;

    private Optional<String> problemWith(String icdName, String icdContent, String sigfpe) throws IOException {
        Files.writeString(vendors.resolve(icdName), icdContent);
        return sigfpe == null ? PoclSignalGuard.problem(Map.of("OCL_ICD_VENDORS", vendors.toString()), true)
                : PoclSignalGuard.problem(Map.of("OCL_ICD_VENDORS", vendors.toString(), PoclSignalGuard.VARIABLE, sigfpe), true);
    }

    @Test
    void poclWithItsHandlerIsRefusedNamingTheFix() throws IOException {
        Optional<String> why = problemWith("pocl.icd", "libpocl.so.2\n", null);
        assertTrue(why.isPresent());
        assertTrue(why.get().contains("POCL_SIGFPE_HANDLER=0"), why.get());
        assertTrue(why.get().contains("SIGFPE"), why.get());
    }

    @Test
    void poclWithItsHandlerOffIsAllowed() throws IOException {
        assertFalse(problemWith("pocl.icd", "libpocl.so.2\n", "0").isPresent());
        assertTrue(problemWith("pocl.icd", "libpocl.so.2\n", "1").isPresent(), "only 0 turns the handler off");
    }

    @Test
    void poclWithoutSignalChainingIsRefusedNamingTheLibrary() throws IOException {
        Files.writeString(vendors.resolve("pocl.icd"), "libpocl.so.2\n");
        Map<String, String> env = Map.of("OCL_ICD_VENDORS", vendors.toString(), PoclSignalGuard.VARIABLE, "0");
        Optional<String> why = PoclSignalGuard.problem(env, false);
        assertTrue(why.isPresent());
        assertTrue(why.get().contains("LD_PRELOAD=") && why.get().contains("libjsig.so"), why.get());
        assertFalse(PoclSignalGuard.problem(env, true).isPresent());
    }

    @Test
    void theForksOfThisBuildRunWithSignalChaining() {
        // the pom preloads libjsig into every test fork; without it the conformance suite could not open PoCL
        assertTrue(PoclSignalGuard.signalChainingLoaded(), "libjsig.so is not mapped into this test JVM");
    }

    @Test
    void poclIsRecognisedByContentAndAsASingleIcdFile() throws IOException {
        assertTrue(problemWith("cpu.icd", "/opt/lib/libpocl.so.2.11\n", null).isPresent());
        Path single = vendors.resolve("cpu.icd");
        assertTrue(PoclSignalGuard.problem(Map.of("OCL_ICD_VENDORS", single.toString()), true).isPresent());
    }

    @Test
    void otherPlatformsAndMissingDirectoriesAreAllowed() throws IOException {
        Files.writeString(vendors.resolve("nvidia.icd"), "libnvidia-opencl.so.1\n");
        assertFalse(PoclSignalGuard.problem(Map.of("OCL_ICD_VENDORS", vendors.toString()), false).isPresent(),
                "without PoCL neither setting is needed");
        assertFalse(PoclSignalGuard.problem(Map.of("OCL_ICD_VENDORS", vendors.resolve("absent").toString()), false).isPresent());
    }
}
