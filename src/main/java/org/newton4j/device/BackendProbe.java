package org.newton4j.device;

import java.util.Optional;

/**
 * Whether one backend could be opened here, and if not, why (one line). For an available native backend,
 * {@code gemm} says what runs its matrix products (the vendor BLAS it lends, or our kernels and why no vendor
 * BLAS); it is empty for the CPU and for unavailable backends.
 */
public record BackendProbe(BackendKind kind, boolean available, String reason, DeviceInfo info, Optional<String> gemm) {
    public String describe() {
        return available ? kind + ": available — " + info.describe() : kind + ": unavailable — " + reason;
    }

    /** The GEMM of an open native backend, in the words `newton4j devices` prints. */
    static String describeGemm(NativeBackend b) {
        return b.vendorBlas().map(VendorBlas::name).orElse("newton4j kernels (vendor BLAS: " + b.vendorBlasAbsence() + ")");
    }
}
