package org.newton4j.nn;

import org.newton4j.device.NativeBackend;

/** Native (OpenCL/CUDA) layer kernels of module "nn". */
final class NativeNnOps {
    private NativeNnOps() { }

    static NnOps on(NativeBackend backend) {
        throw new IllegalArgumentException("backend: nn layers on the " + backend.kind()
                + " backend: the native layer kernels (module nn) are not built yet; use --backend cpu");
    }
}
