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
        return sigfpe == null ? PoclSignalGuard.problem(Map.of("OCL_ICD_VENDORS", vendors.toString()))
                : PoclSignalGuard.problem(Map.of("OCL_ICD_VENDORS", vendors.toString(), PoclSignalGuard.VARIABLE, sigfpe));
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
    void poclIsRecognisedByContentAndAsASingleIcdFile() throws IOException {
        assertTrue(problemWith("cpu.icd", "/opt/lib/libpocl.so.2.11\n", null).isPresent());
        Path single = vendors.resolve("cpu.icd");
        assertTrue(PoclSignalGuard.problem(Map.of("OCL_ICD_VENDORS", single.toString())).isPresent());
    }

    @Test
    void otherPlatformsAndMissingDirectoriesAreAllowed() throws IOException {
        assertFalse(problemWith("nvidia.icd", "libnvidia-opencl.so.1\n", null).isPresent());
        assertFalse(PoclSignalGuard.problem(Map.of("OCL_ICD_VENDORS", vendors.resolve("absent").toString())).isPresent());
    }
}
