package org.newton4j.device.opencl;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;
import org.newton4j.device.BackendKind;
import org.newton4j.device.BackendUnavailableException;
import org.newton4j.device.BufferRegistry;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.DeviceException;
import org.newton4j.device.DeviceInfo;
import org.newton4j.device.ElementType;
import org.newton4j.device.HostArrays;
import org.newton4j.device.Kernel;
import org.newton4j.device.KernelSources;
import org.newton4j.device.Launch;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;

/**
 * OpenCL through JOCL: one context and in-order queue on one device, programs built from
 * kernels/opencl/*.cl once per precision and cached.
 */
public final class OpenClBackend implements NativeBackend {
    private final cl_device_id device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final DeviceInfo info;
    private final boolean isGpu;
    private final Map<String, cl_program> programs = new ConcurrentHashMap<>();
    private final Map<String, OpenClKernel> kernels = new ConcurrentHashMap<>();
    private final BufferRegistry<OpenClBuffer> buffers = new BufferRegistry<>();
    private boolean closed;

    private record OpenClKernel(String qualifiedName, cl_kernel handle, int numArgs) implements Kernel { }

    private OpenClBackend(cl_device_id device, boolean isGpu) {
        this.device = device;
        this.isGpu = isGpu;
        cl_context_properties props = new cl_context_properties();
        this.context = clCreateContext(props, 1, new cl_device_id[] {device}, null, null, null);
        this.queue = clCreateCommandQueue(context, device, 0, null);
        this.info = new DeviceInfo(
                deviceString(device, CL_DEVICE_NAME).trim() + " (" + deviceString(device, CL_DEVICE_VERSION).trim() + ")",
                deviceLong(device, CL_DEVICE_GLOBAL_MEM_SIZE),
                (int) deviceInt(device, CL_DEVICE_MAX_COMPUTE_UNITS),
                deviceLong(device, CL_DEVICE_DOUBLE_FP_CONFIG) != 0,
                deviceLong(device, CL_DEVICE_LOCAL_MEM_SIZE),
                (int) deviceSize(device, CL_DEVICE_MAX_WORK_GROUP_SIZE));
    }

    /**
     * Opens the first GPU device, or (unless gpuOnly) the first device of any type.
     * @throws BackendUnavailableException with a one-line reason
     */
    public static OpenClBackend open(boolean gpuOnly) {
        PoclSignalGuard.problem().ifPresent(why -> { throw new BackendUnavailableException(BackendKind.OPENCL, why); });
        try {
            CL.setExceptionsEnabled(true);
        } catch (Throwable t) {  // UnsatisfiedLinkError from the JOCL loader: no libOpenCL.so
            throw new BackendUnavailableException(BackendKind.OPENCL,
                    "cannot load libOpenCL.so (install ocl-icd-opencl-dev and an ICD such as pocl-opencl-icd): "
                            + firstLine(t));
        }
        List<cl_platform_id> platforms;
        try {
            int[] n = new int[1];
            clGetPlatformIDs(0, null, n);
            cl_platform_id[] ids = new cl_platform_id[n[0]];
            clGetPlatformIDs(n[0], ids, null);
            platforms = List.of(ids);
        } catch (CLException e) {
            throw new BackendUnavailableException(BackendKind.OPENCL,
                    "no OpenCL platform (install an ICD, e.g. pocl-opencl-icd): " + e.getMessage());
        }
        cl_device_id chosen = null;
        boolean chosenGpu = false;
        for (long type : gpuOnly ? new long[] {CL_DEVICE_TYPE_GPU} : new long[] {CL_DEVICE_TYPE_GPU, CL_DEVICE_TYPE_ALL}) {
            for (cl_platform_id p : platforms) {
                cl_device_id d = firstDevice(p, type);
                if (d != null) { chosen = d; chosenGpu = type == CL_DEVICE_TYPE_GPU; break; }
            }
            if (chosen != null) break;
        }
        if (chosen == null)
            throw new BackendUnavailableException(BackendKind.OPENCL,
                    gpuOnly ? "no OpenCL GPU device" : "no OpenCL device on " + platforms.size() + " platform(s)");
        try {
            return new OpenClBackend(chosen, chosenGpu);
        } catch (CLException e) {
            throw new BackendUnavailableException(BackendKind.OPENCL, "cannot create a context: " + e.getMessage());
        }
    }

    private static cl_device_id firstDevice(cl_platform_id p, long type) {
        try {
            int[] n = new int[1];
            clGetDeviceIDs(p, type, 0, null, n);
            if (n[0] == 0) return null;
            cl_device_id[] ids = new cl_device_id[n[0]];
            clGetDeviceIDs(p, type, n[0], ids, null);
            return ids[0];
        } catch (CLException e) {  // CL_DEVICE_NOT_FOUND
            return null;
        }
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    public boolean isGpu() { return isGpu; }

    @Override public BackendKind kind() { return BackendKind.OPENCL; }
    @Override public DeviceInfo info() { return info; }
    @Override public boolean supports(Precision precision) { return precision == Precision.F32 || info.fp64(); }
    @Override public int simdWidth() { return isGpu ? 32 : 8; }
    @Override public long memoryBudgetBytes() { return info.globalMemoryBytes() / 4; }

    // ---------------- buffers ----------------

    @Override
    public DeviceBuffer allocate(ElementType type, long length) {
        ensureOpen();
        if (length < 0) throw new IllegalArgumentException("negative buffer length " + length);
        long bytes = Math.max(1, length) * type.bytes();
        try {
            OpenClBuffer b = new OpenClBuffer(this, type, length,
                    clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null));
            buffers.add(b);
            return b;
        } catch (CLException e) {
            throw new DeviceException("opencl: cannot allocate " + bytes + " bytes: " + e.getMessage(), e);
        }
    }

    void forget(OpenClBuffer b) { buffers.remove(b); }

    /** Number of buffers allocated and not yet closed (leak checks). */
    @Override
    public int liveBuffers() { return buffers.size(); }

    private OpenClBuffer own(DeviceBuffer b) {
        if (!(b instanceof OpenClBuffer ob) || ob.backend() != this)
            throw new IllegalArgumentException("buffer belongs to another backend (" + b.backend().kind() + ")");
        return ob;
    }

    @Override
    public void write(DeviceBuffer dst, long offset, double[] src, int srcOffset, int length) {
        OpenClBuffer d = own(dst);
        HostArrays.checkReal(d);
        HostArrays.checkRange(d, offset, length);
        if (length == 0) return;
        Pointer p = d.type() == ElementType.F32 ? Pointer.to(HostArrays.toFloats(src, srcOffset, length))
                : Pointer.to(src).withByteOffset((long) srcOffset * Sizeof.cl_double);
        enqueueWrite(d, offset, length, p);
    }

    @Override
    public void write(DeviceBuffer dst, long offset, float[] src, int srcOffset, int length) {
        OpenClBuffer d = own(dst);
        HostArrays.checkReal(d);
        HostArrays.checkRange(d, offset, length);
        if (length == 0) return;
        Pointer p = d.type() == ElementType.F32 ? Pointer.to(src).withByteOffset((long) srcOffset * Sizeof.cl_float)
                : Pointer.to(HostArrays.toDoubles(src, srcOffset, length));
        enqueueWrite(d, offset, length, p);
    }

    @Override
    public void write(DeviceBuffer dst, long offset, int[] src, int srcOffset, int length) {
        OpenClBuffer d = own(dst);
        HostArrays.checkInt(d);
        HostArrays.checkRange(d, offset, length);
        if (length == 0) return;
        enqueueWrite(d, offset, length, Pointer.to(src).withByteOffset((long) srcOffset * Sizeof.cl_int));
    }

    private synchronized void enqueueWrite(OpenClBuffer d, long offset, int length, Pointer p) {
        int es = d.type().bytes();
        clEnqueueWriteBuffer(queue, d.mem(), CL_TRUE, offset * es, (long) length * es, p, 0, null, null);
    }

    private synchronized void enqueueRead(OpenClBuffer s, long offset, int length, Pointer p) {
        int es = s.type().bytes();
        clEnqueueReadBuffer(queue, s.mem(), CL_TRUE, offset * es, (long) length * es, p, 0, null, null);
    }

    @Override
    public void read(DeviceBuffer src, long offset, double[] dst, int dstOffset, int length) {
        OpenClBuffer s = own(src);
        HostArrays.checkReal(s);
        HostArrays.checkRange(s, offset, length);
        if (length == 0) return;
        if (s.type() == ElementType.F64) {
            enqueueRead(s, offset, length, Pointer.to(dst).withByteOffset((long) dstOffset * Sizeof.cl_double));
        } else {
            float[] f = new float[length];
            enqueueRead(s, offset, length, Pointer.to(f));
            for (int i = 0; i < length; i++) dst[dstOffset + i] = f[i];
        }
    }

    @Override
    public void read(DeviceBuffer src, long offset, float[] dst, int dstOffset, int length) {
        OpenClBuffer s = own(src);
        HostArrays.checkReal(s);
        HostArrays.checkRange(s, offset, length);
        if (length == 0) return;
        if (s.type() == ElementType.F32) {
            enqueueRead(s, offset, length, Pointer.to(dst).withByteOffset((long) dstOffset * Sizeof.cl_float));
        } else {
            double[] d = new double[length];
            enqueueRead(s, offset, length, Pointer.to(d));
            for (int i = 0; i < length; i++) dst[dstOffset + i] = (float) d[i];
        }
    }

    @Override
    public void read(DeviceBuffer src, long offset, int[] dst, int dstOffset, int length) {
        OpenClBuffer s = own(src);
        HostArrays.checkInt(s);
        HostArrays.checkRange(s, offset, length);
        if (length == 0) return;
        enqueueRead(s, offset, length, Pointer.to(dst).withByteOffset((long) dstOffset * Sizeof.cl_int));
    }

    @Override
    public synchronized void fill(DeviceBuffer buffer, double value) {
        OpenClBuffer b = own(buffer);
        if (b.length() == 0) return;
        Pointer pattern;
        switch (b.type()) {
            case F32: pattern = Pointer.to(new float[] {(float) value}); break;
            case F64: pattern = Pointer.to(new double[] {value}); break;
            default: pattern = Pointer.to(new int[] {(int) value});
        }
        clEnqueueFillBuffer(queue, b.mem(), pattern, b.type().bytes(), 0, b.bytes(), 0, null, null);
    }

    @Override
    public synchronized void copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long length) {
        OpenClBuffer s = own(src), d = own(dst);
        if (s.type() != d.type()) throw new IllegalArgumentException("copy between " + s.type() + " and " + d.type());
        HostArrays.checkRange(s, srcOffset, length);
        HostArrays.checkRange(d, dstOffset, length);
        if (length == 0) return;
        int es = s.type().bytes();
        clEnqueueCopyBuffer(queue, s.mem(), d.mem(), srcOffset * es, dstOffset * es, length * es, 0, null, null);
    }

    @Override
    public synchronized void synchronize() {
        ensureOpen();
        clFinish(queue);
    }

    // ---------------- kernels ----------------

    @Override
    public Kernel kernel(String module, String function, Precision precision) {
        ensureOpen();
        if (!supports(precision))
            throw new DeviceException("opencl device " + info.name() + " has no fp64 support");
        String key = module + "/" + function + precision.kernelSuffix();
        return kernels.computeIfAbsent(key, k -> {
            cl_program program = program(module, precision);
            try {
                cl_kernel handle = clCreateKernel(program, function + precision.kernelSuffix(), null);
                int[] numArgs = new int[1];
                clGetKernelInfo(handle, CL_KERNEL_NUM_ARGS, Sizeof.cl_uint, Pointer.to(numArgs), null);
                return new OpenClKernel(k, handle, numArgs[0]);
            } catch (CLException e) {
                throw new DeviceException("opencl: no kernel " + k + ": " + e.getMessage(), e);
            }
        });
    }

    private cl_program program(String module, Precision precision) {
        return programs.computeIfAbsent(module + precision.kernelSuffix(), key -> {
            String source = KernelSources.expand("opencl/" + module + ".cl");
            String options = "-DREAL=" + precision.cType() + " -DSUFFIX=" + precision.kernelSuffix()
                    + (precision == Precision.F64 ? " -DREAL_IS_DOUBLE=1" : "") + " -I.";
            cl_program p = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
            try {
                clBuildProgram(p, 1, new cl_device_id[] {device}, options, null, null);
            } catch (CLException e) {
                throw new DeviceException("opencl: building kernels/opencl/" + module + ".cl (" + precision
                        + ") failed: " + buildLog(p), e);
            }
            return p;
        });
    }

    private String buildLog(cl_program p) {
        long[] size = new long[1];
        clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] log = new byte[(int) size[0]];
        clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        return new String(log, StandardCharsets.UTF_8).trim();
    }

    @Override
    public synchronized void launch(Kernel kernel, Launch launch, Object... args) {
        ensureOpen();
        OpenClKernel k = (OpenClKernel) kernel;
        boolean hasScratch = k.numArgs() == args.length + 1;
        if (!hasScratch && k.numArgs() != args.length)
            throw new IllegalArgumentException(k.qualifiedName() + " takes " + k.numArgs() + " arguments, got " + args.length);
        if (launch.groups() == 0) return;
        for (int i = 0; i < args.length; i++) setArg(k, i, args[i]);
        if (hasScratch) clSetKernelArg(k.handle(), args.length, Math.max(8, launch.localBytes()), null);
        try {
            clEnqueueNDRangeKernel(queue, k.handle(), 1, null,
                    new long[] {launch.groups() * launch.groupSize()}, new long[] {launch.groupSize()}, 0, null, null);
        } catch (CLException e) {
            throw new DeviceException("opencl: launching " + k.qualifiedName() + " " + launch + " failed: " + e.getMessage(), e);
        }
    }

    private void setArg(OpenClKernel k, int i, Object a) {
        if (a instanceof DeviceBuffer b) clSetKernelArg(k.handle(), i, Sizeof.cl_mem, Pointer.to(own(b).mem()));
        else if (a instanceof Integer v) clSetKernelArg(k.handle(), i, Sizeof.cl_int, Pointer.to(new int[] {v}));
        else if (a instanceof Long v) clSetKernelArg(k.handle(), i, Sizeof.cl_long, Pointer.to(new long[] {v}));
        else if (a instanceof Float v) clSetKernelArg(k.handle(), i, Sizeof.cl_float, Pointer.to(new float[] {v}));
        else if (a instanceof Double v) clSetKernelArg(k.handle(), i, Sizeof.cl_double, Pointer.to(new double[] {v}));
        else throw new IllegalArgumentException(k.qualifiedName() + ": unsupported argument " + i + ": " + a);
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("opencl backend used after close");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        clFinish(queue);   // kernels still in flight must not outlive their buffers and context
        buffers.closeAll();
        for (OpenClKernel k : kernels.values()) clReleaseKernel(k.handle());
        for (cl_program p : programs.values()) clReleaseProgram(p);
        kernels.clear();
        programs.clear();
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
        closed = true;
    }

    @Override public String toString() { return "opencl[" + info.name() + "]"; }

    // ---------------- device queries ----------------

    private static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return new String(buf, 0, Math.max(0, buf.length - 1), StandardCharsets.UTF_8);
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceSize(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    /** All OpenCL devices with their platform, for `newton4j devices`. */
    public static List<String> listDevices() {
        List<String> out = new ArrayList<>();
        try {
            CL.setExceptionsEnabled(true);
            int[] n = new int[1];
            clGetPlatformIDs(0, null, n);
            cl_platform_id[] ids = new cl_platform_id[n[0]];
            clGetPlatformIDs(n[0], ids, null);
            for (cl_platform_id p : ids) {
                int[] nd = new int[1];
                try { clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, nd); } catch (CLException e) { continue; }
                cl_device_id[] devs = new cl_device_id[nd[0]];
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, nd[0], devs, null);
                for (cl_device_id d : devs) out.add(deviceString(d, CL_DEVICE_NAME).trim());
            }
        } catch (Throwable t) {
            // nothing to list
        }
        return out;
    }
}
