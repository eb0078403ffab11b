package org.newton4j.cli;

import java.util.concurrent.Callable;

import org.newton4j.device.BackendProbe;
import org.newton4j.device.Backends;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.VendorBlas;
import org.newton4j.device.cuda.CudaBackend;

import picocli.CommandLine.Command;

/** Lists each backend: available or not and why, device name, memory, compute units, fp64, and what runs its GEMM. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the backends found here (cpu, opencl, cuda), and why any is unavailable.")
final class DevicesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (BackendProbe p : Backends.probeAll()) System.out.println(p.describe());
        System.out.println("cuda kernels in this build: " + (CudaBackend.builtWithKernels() ? "yes (PTX + sm_80/sm_90 cubins)" : "no"));
        for (NativeBackend b : Backends.openNative()) {
            try (b) {
                System.out.println(b.kind() + " GEMM: " + b.vendorBlas().map(VendorBlas::name)
                        .orElse("newton4j kernels (vendor BLAS: " + b.vendorBlasAbsence() + ")"));
            }
        }
        System.out.println("auto selects: " + Backends.configured() + " -> " + describeAuto());
        return 0;
    }

    private static String describeAuto() {
        try (var b = Backends.open()) {
            return b.kind() + " (" + b.info().name() + ")";
        }
    }
}
