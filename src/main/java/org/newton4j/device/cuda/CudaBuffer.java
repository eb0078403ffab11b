package org.newton4j.device.cuda;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;

import jcuda.driver.CUdeviceptr;

/** A cuMemAlloc allocation; freed on close. */
final class CudaBuffer implements DeviceBuffer {
    private final CudaBackend backend;
    private final ElementType type;
    private final long length;
    private CUdeviceptr ptr;

    CudaBuffer(CudaBackend backend, ElementType type, long length, CUdeviceptr ptr) {
        this.backend = backend;
        this.type = type;
        this.length = length;
        this.ptr = ptr;
    }

    CUdeviceptr ptr() {
        if (ptr == null) throw new IllegalStateException("cuda buffer used after close");
        return ptr;
    }

    @Override public Backend backend() { return backend; }
    @Override public ElementType type() { return type; }
    @Override public long length() { return length; }
    @Override public boolean isClosed() { return ptr == null; }

    @Override
    public synchronized void close() {
        if (ptr != null) {
            backend.free(this, ptr);
            ptr = null;
        }
    }
}
