package org.newton4j.device.opencl;

import org.jocl.CL;
import org.jocl.cl_mem;
import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;

/** A cl_mem; released on close. OpenCL refuses zero-sized buffers, so an empty buffer holds one element. */
final class OpenClBuffer implements DeviceBuffer {
    private final OpenClBackend backend;
    private final ElementType type;
    private final long length;
    private cl_mem mem;

    OpenClBuffer(OpenClBackend backend, ElementType type, long length, cl_mem mem) {
        this.backend = backend;
        this.type = type;
        this.length = length;
        this.mem = mem;
    }

    cl_mem mem() {
        if (mem == null) throw new IllegalStateException("opencl buffer used after close");
        return mem;
    }

    @Override public Backend backend() { return backend; }
    @Override public ElementType type() { return type; }
    @Override public long length() { return length; }
    @Override public boolean isClosed() { return mem == null; }

    @Override
    public synchronized void close() {
        if (mem != null) {
            CL.clReleaseMemObject(mem);
            mem = null;
            backend.forget(this);
        }
    }
}
