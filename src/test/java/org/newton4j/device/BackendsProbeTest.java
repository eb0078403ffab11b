package org.newton4j.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What `newton4j devices` prints comes from one probe per backend; these are its invariants on any machine. */
class BackendsProbeTest {
    @Test
    void everyBackendIsProbedOnceAndOnlyOpenNativeBackendsReportAGemm() {
        List<BackendProbe> probes = Backends.probeAll();
        assertEquals(List.of(BackendKind.CPU, BackendKind.OPENCL, BackendKind.CUDA), probes.stream().map(BackendProbe::kind).toList());
        BackendProbe cpu = probes.get(0);
        assertTrue(cpu.available(), cpu.describe());
        assertTrue(cpu.gemm().isEmpty(), "the CPU has one GEMM; its probe names none");
        for (BackendProbe p : probes.subList(1, probes.size())) {
            if (p.available()) {
                assertTrue(p.gemm().isPresent() && !p.gemm().get().isBlank(), p.kind() + ": an open native backend says what runs its GEMM");
            } else {
                assertTrue(p.gemm().isEmpty(), p.kind() + ": an unavailable backend reports no GEMM");
                assertFalse(p.reason().isBlank(), p.kind() + ": an unavailable backend says why");
                assertTrue(p.describe().contains("unavailable — " + p.reason()), p.describe());
            }
        }
    }
}
