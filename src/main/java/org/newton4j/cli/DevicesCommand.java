package org.newton4j.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.newton4j.device.BackendProbe;
import org.newton4j.device.Backends;
import org.newton4j.device.cuda.CudaBackend;

import picocli.CommandLine.Command;

/** Lists each backend: available or not and why, device name, memory, compute units, fp64, and what runs its GEMM. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the backends found here (cpu, opencl, cuda), and why any is unavailable.")
final class DevicesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        List<BackendProbe> probes = Backends.probeAll();
        for (BackendProbe p : probes) System.out.println(p.describe());
        System.out.println("cuda kernels in this build: " + (CudaBackend.builtWithKernels() ? "yes (PTX + sm_80/sm_90 cubins)" : "no"));
        for (BackendProbe p : probes) p.gemm().ifPresent(g -> System.out.println(p.kind() + " GEMM: " + g));
        System.out.println("auto selects: " + Backends.configured() + " -> " + describeAuto());
        return 0;
    }

    private static String describeAuto() {
        try (var b = Backends.open()) {
            return b.kind() + " (" + b.info().name() + ")";
        }
    }
}
