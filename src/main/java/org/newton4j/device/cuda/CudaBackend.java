package org.newton4j.device.cuda;

import static jcuda.driver.JCudaDriver.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
import org.newton4j.device.VendorBlas;

import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * CUDA through JCuda's driver API (only libcuda.so.1 is needed). Kernels are the nvcc output the
 * build packed under kernels/cuda/: the cubin matching the device (sm_80 for 8.x, sm_90 for 9.0)
 * and the PTX for anything else. Uses the device's primary context, made current on every call
 * so any thread may use the backend.
 */
public final class CudaBackend implements NativeBackend {
    /** Dynamic shared memory above this needs an explicit opt-in attribute per function. */
    private static final long DEFAULT_SHARED_LIMIT = 48 * 1024;

    private final CUdevice device;
    private final CUcontext context;
    private final DeviceInfo info;
    private final int ccMajor, ccMinor;
    private final Map<String, CUmodule> modules = new ConcurrentHashMap<>();
    private final Map<String, CudaKernel> kernels = new ConcurrentHashMap<>();
    private final BufferRegistry<CudaBuffer> buffers = new BufferRegistry<>();
    private boolean closed;
    /** cuBLAS, once {@link #vendorBlas()} has loaded it; else why it is absent (null before the first ask). */
    private CudaBlas blas;
    private String blasAbsence;

    /** Why the driver library failed to load, once it has: the class cannot be initialised again. */
    private static volatile String driverLoadFailure;

    private record CudaKernel(String qualifiedName, CUfunction function, long[] sharedOptIn) implements Kernel { }

    private CudaBackend(CUdevice device, CUcontext context) {
        this.device = device;
        this.context = context;
        this.ccMajor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        this.ccMinor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        long[] mem = new long[1];
        cuDeviceTotalMem(mem, device);
        int n = 0;
        while (n < name.length && name[n] != 0) n++;
        this.info = new DeviceInfo(new String(name, 0, n, StandardCharsets.UTF_8) + " (sm_" + ccMajor + ccMinor + ")",
                mem[0], attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT), true,
                attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN),
                attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK));
    }

    /** True when the build packed nvcc output (kernels/cuda/MANIFEST lists at least one module). */
    public static boolean builtWithKernels() {
        byte[] manifest = KernelSources.bytes("cuda/MANIFEST");
        return manifest != null && new String(manifest, StandardCharsets.UTF_8).trim().length() > 0;
    }

    /** Opens device 0. @throws BackendUnavailableException with a one-line reason */
    public static CudaBackend open() {
        if (!builtWithKernels())
            throw new BackendUnavailableException(BackendKind.CUDA, "built without CUDA kernels (nvcc was not found at build time)");
        if (driverLoadFailure != null) throw new BackendUnavailableException(BackendKind.CUDA, driverLoadFailure);
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
        } catch (CudaException e) {
            throw new BackendUnavailableException(BackendKind.CUDA, "cuInit failed: " + e.getMessage());
        } catch (Throwable t) {  // UnsatisfiedLinkError: no libcuda.so.1 (no NVIDIA driver)
            // the JVM reports only "could not initialize class" on later tries: keep the first reason
            driverLoadFailure = "cannot load the CUDA driver (libcuda.so.1): " + firstLine(t);
            throw new BackendUnavailableException(BackendKind.CUDA, driverLoadFailure);
        }
        int[] count = new int[1];
        try {
            cuDeviceGetCount(count);
        } catch (CudaException e) {
            throw new BackendUnavailableException(BackendKind.CUDA, "cuDeviceGetCount failed: " + e.getMessage());
        }
        if (count[0] == 0) throw new BackendUnavailableException(BackendKind.CUDA, "no CUDA device");
        try {
            CUdevice dev = new CUdevice();
            cuDeviceGet(dev, 0);
            CUcontext ctx = new CUcontext();
            cuDevicePrimaryCtxRetain(ctx, dev);
            cuCtxSetCurrent(ctx);
            return new CudaBackend(dev, ctx);
        } catch (CudaException e) {
            throw new BackendUnavailableException(BackendKind.CUDA, "cannot create a context: " + e.getMessage());
        }
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private int attribute(int attr) {
        int[] v = new int[1];
        cuDeviceGetAttribute(v, attr, device);
        return v[0];
    }

    /** Makes the context current on the calling thread (cuBLAS calls need it too). */
    void current() {
        if (closed) throw new IllegalStateException("cuda backend used after close");
        cuCtxSetCurrent(context);
    }

    @Override public BackendKind kind() { return BackendKind.CUDA; }
    @Override public DeviceInfo info() { return info; }
    @Override public boolean supports(Precision precision) { return true; }
    @Override public int simdWidth() { return 32; }

    @Override
    public long memoryBudgetBytes() {
        current();
        long[] free = new long[1], total = new long[1];
        cuMemGetInfo(free, total);
        return free[0] / 2;
    }

    // ---------------- buffers ----------------

    @Override
    public synchronized DeviceBuffer allocate(ElementType type, long length) {
        current();
        if (length < 0) throw new IllegalArgumentException("negative buffer length " + length);
        long bytes = Math.max(1, length) * type.bytes();
        CUdeviceptr p = new CUdeviceptr();
        try {
            cuMemAlloc(p, bytes);
        } catch (CudaException e) {
            throw new DeviceException("cuda: cannot allocate " + bytes + " bytes: " + e.getMessage(), e);
        }
        CudaBuffer b = new CudaBuffer(this, type, length, p);
        buffers.add(b);
        return b;
    }

    synchronized void free(CudaBuffer b, CUdeviceptr p) {
        if (!closed) {
            cuCtxSetCurrent(context);
            cuMemFree(p);
        }
        buffers.remove(b);
    }

    @Override
    public int liveBuffers() { return buffers.size(); }

    /** The device address of element {@code offset} of one of this backend's buffers. */
    Pointer pointer(DeviceBuffer b, long offset) {
        CudaBuffer cb = own(b);
        return cb.ptr().withByteOffset(offset * cb.type().bytes());
    }

    private CudaBuffer own(DeviceBuffer b) {
        if (!(b instanceof CudaBuffer cb) || cb.backend() != this)
            throw new IllegalArgumentException("buffer belongs to another backend (" + b.backend().kind() + ")");
        return cb;
    }

    private synchronized void toDevice(CudaBuffer d, long offset, int length, Pointer host) {
        current();
        int es = d.type().bytes();
        cuMemcpyHtoD(d.ptr().withByteOffset(offset * es), host, (long) length * es);
    }

    private synchronized void toHost(CudaBuffer s, long offset, int length, Pointer host) {
        current();
        int es = s.type().bytes();
        cuMemcpyDtoH(host, s.ptr().withByteOffset(offset * es), (long) length * es);
    }

    @Override
    public void write(DeviceBuffer dst, long offset, double[] src, int srcOffset, int length) {
        CudaBuffer d = own(dst);
        HostArrays.checkReal(d);
        HostArrays.checkRange(d, offset, length);
        if (length == 0) return;
        toDevice(d, offset, length, d.type() == ElementType.F32 ? Pointer.to(HostArrays.toFloats(src, srcOffset, length))
                : Pointer.to(src).withByteOffset((long) srcOffset * Sizeof.DOUBLE));
    }

    @Override
    public void write(DeviceBuffer dst, long offset, float[] src, int srcOffset, int length) {
        CudaBuffer d = own(dst);
        HostArrays.checkReal(d);
        HostArrays.checkRange(d, offset, length);
        if (length == 0) return;
        toDevice(d, offset, length, d.type() == ElementType.F32 ? Pointer.to(src).withByteOffset((long) srcOffset * Sizeof.FLOAT)
                : Pointer.to(HostArrays.toDoubles(src, srcOffset, length)));
    }

    @Override
    public void write(DeviceBuffer dst, long offset, int[] src, int srcOffset, int length) {
        CudaBuffer d = own(dst);
        HostArrays.checkInt(d);
        HostArrays.checkRange(d, offset, length);
        if (length == 0) return;
        toDevice(d, offset, length, Pointer.to(src).withByteOffset((long) srcOffset * Sizeof.INT));
    }

    @Override
    public void read(DeviceBuffer src, long offset, double[] dst, int dstOffset, int length) {
        CudaBuffer s = own(src);
        HostArrays.checkReal(s);
        HostArrays.checkRange(s, offset, length);
        if (length == 0) return;
        if (s.type() == ElementType.F64) {
            toHost(s, offset, length, Pointer.to(dst).withByteOffset((long) dstOffset * Sizeof.DOUBLE));
        } else {
            float[] f = new float[length];
            toHost(s, offset, length, Pointer.to(f));
            for (int i = 0; i < length; i++) dst[dstOffset + i] = f[i];
        }
    }

    @Override
    public void read(DeviceBuffer src, long offset, float[] dst, int dstOffset, int length) {
        CudaBuffer s = own(src);
        HostArrays.checkReal(s);
        HostArrays.checkRange(s, offset, length);
        if (length == 0) return;
        if (s.type() == ElementType.F32) {
            toHost(s, offset, length, Pointer.to(dst).withByteOffset((long) dstOffset * Sizeof.FLOAT));
        } else {
            double[] d = new double[length];
            toHost(s, offset, length, Pointer.to(d));
            for (int i = 0; i < length; i++) dst[dstOffset + i] = (float) d[i];
        }
    }

    @Override
    public void read(DeviceBuffer src, long offset, int[] dst, int dstOffset, int length) {
        CudaBuffer s = own(src);
        HostArrays.checkInt(s);
        HostArrays.checkRange(s, offset, length);
        if (length == 0) return;
        toHost(s, offset, length, Pointer.to(dst).withByteOffset((long) dstOffset * Sizeof.INT));
    }

    @Override
    public synchronized void fill(DeviceBuffer buffer, double value) {
        CudaBuffer b = own(buffer);
        if (b.length() == 0) return;
        current();
        switch (b.type()) {
            case F32: cuMemsetD32(b.ptr(), Float.floatToRawIntBits((float) value), b.length()); break;
            case I32: cuMemsetD32(b.ptr(), (int) value, b.length()); break;
            default: {
                // no 64-bit memset in the driver API: upload a pattern in chunks
                int chunk = (int) Math.min(b.length(), 1 << 20);
                double[] pattern = new double[chunk];
                Arrays.fill(pattern, value);
                for (long off = 0; off < b.length(); off += chunk) {
                    int n = (int) Math.min(chunk, b.length() - off);
                    cuMemcpyHtoD(b.ptr().withByteOffset(off * 8), Pointer.to(pattern), n * 8L);
                }
            }
        }
    }

    @Override
    public synchronized void copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long length) {
        CudaBuffer s = own(src), d = own(dst);
        if (s.type() != d.type()) throw new IllegalArgumentException("copy between " + s.type() + " and " + d.type());
        HostArrays.checkRange(s, srcOffset, length);
        HostArrays.checkRange(d, dstOffset, length);
        if (length == 0) return;
        current();
        int es = s.type().bytes();
        cuMemcpyDtoD(d.ptr().withByteOffset(dstOffset * es), s.ptr().withByteOffset(srcOffset * es), length * es);
    }

    @Override
    public synchronized void synchronize() {
        current();
        try {
            cuCtxSynchronize();
        } catch (CudaException e) {
            throw new DeviceException("cuda: kernel failed: " + e.getMessage(), e);
        }
    }

    /** Event-timed: the device's own clock between two events around the work. */
    @Override
    public long timeNanos(Runnable work) {
        current();
        CUevent start = new CUevent(), stop = new CUevent();
        cuEventCreate(start, CUevent_flags.CU_EVENT_DEFAULT);
        cuEventCreate(stop, CUevent_flags.CU_EVENT_DEFAULT);
        try {
            cuEventRecord(start, null);
            work.run();
            current();
            cuEventRecord(stop, null);
            cuEventSynchronize(stop);
            float[] ms = new float[1];
            cuEventElapsedTime(ms, start, stop);
            return (long) (ms[0] * 1e6);
        } finally {
            cuEventDestroy(start);
            cuEventDestroy(stop);
        }
    }

    // ---------------- cuBLAS ----------------

    @Override
    public synchronized Optional<VendorBlas> vendorBlas() {
        current();
        if (blas == null && blasAbsence == null) {
            String failure = CublasLibrary.loadFailure();
            if (failure != null) {
                blasAbsence = failure;
            } else {
                try {
                    blas = CudaBlas.create(this);
                } catch (CudaException e) {
                    blasAbsence = "cublasCreate failed: " + e.getMessage();
                }
            }
        }
        return Optional.ofNullable(blas);
    }

    @Override
    public synchronized String vendorBlasAbsence() {
        return vendorBlas().isPresent() ? null : blasAbsence;
    }

    // ---------------- kernels ----------------

    private CUmodule module(String name) {
        return modules.computeIfAbsent(name, n -> {
            current();
            String cubin = ccMajor == 9 && ccMinor == 0 ? "sm_90" : ccMajor == 8 ? "sm_80" : null;
            String tried = "";
            if (cubin != null) {
                byte[] data = KernelSources.bytes("cuda/" + n + "." + cubin + ".cubin");
                if (data != null) {
                    try {
                        CUmodule m = new CUmodule();
                        cuModuleLoadData(m, data);
                        return m;
                    } catch (CudaException e) {
                        tried = cubin + " cubin: " + e.getMessage() + "; ";
                    }
                }
            }
            byte[] ptx = KernelSources.bytes("cuda/" + n + ".ptx");
            if (ptx == null) throw new DeviceException("cuda: module " + n + " was not built (no kernels/cuda/" + n + ".ptx)");
            byte[] z = Arrays.copyOf(ptx, ptx.length + 1);  // the driver wants a NUL-terminated image
            try {
                CUmodule m = new CUmodule();
                cuModuleLoadData(m, z);
                return m;
            } catch (CudaException e) {
                throw new DeviceException("cuda: cannot load module " + n + " (" + tried + "ptx: " + e.getMessage()
                        + "; the driver may be older than the nvcc that built the PTX)", e);
            }
        });
    }

    @Override
    public Kernel kernel(String module, String function, Precision precision) {
        String key = module + "/" + function + precision.kernelSuffix();
        return kernels.computeIfAbsent(key, k -> {
            CUmodule m = module(module);
            CUfunction f = new CUfunction();
            try {
                current();
                cuModuleGetFunction(f, m, function + precision.kernelSuffix());
            } catch (CudaException e) {
                throw new DeviceException("cuda: no kernel " + k + ": " + e.getMessage(), e);
            }
            return new CudaKernel(k, f, new long[] {DEFAULT_SHARED_LIMIT});
        });
    }

    @Override
    public synchronized void launch(Kernel kernel, Launch launch, Object... args) {
        current();
        CudaKernel k = (CudaKernel) kernel;
        if (launch.groups() == 0) return;
        if (launch.groups() > Integer.MAX_VALUE)
            throw new IllegalArgumentException(k.qualifiedName() + ": " + launch.groups() + " groups exceed the grid limit");
        if (launch.localBytes() > k.sharedOptIn()[0]) {
            if (launch.localBytes() > info.maxGroupLocalBytes())
                throw new IllegalArgumentException(k.qualifiedName() + ": " + launch.localBytes()
                        + " bytes of shared memory exceed the device's " + info.maxGroupLocalBytes());
            cuFuncSetAttribute(k.function(), CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                    (int) launch.localBytes());
            k.sharedOptIn()[0] = launch.localBytes();
        }
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) params[i] = param(k, i, args[i]);
        try {
            cuLaunchKernel(k.function(), (int) launch.groups(), 1, 1, launch.groupSize(), 1, 1,
                    (int) launch.localBytes(), null, Pointer.to(params), null);
        } catch (CudaException e) {
            throw new DeviceException("cuda: launching " + k.qualifiedName() + " " + launch + " failed: " + e.getMessage(), e);
        }
    }

    private Pointer param(CudaKernel k, int i, Object a) {
        if (a instanceof DeviceBuffer b) return Pointer.to(own(b).ptr());
        if (a instanceof Integer v) return Pointer.to(new int[] {v});
        if (a instanceof Long v) return Pointer.to(new long[] {v});
        if (a instanceof Float v) return Pointer.to(new float[] {v});
        if (a instanceof Double v) return Pointer.to(new double[] {v});
        throw new IllegalArgumentException(k.qualifiedName() + ": unsupported argument " + i + ": " + a);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        cuCtxSetCurrent(context);
        cuCtxSynchronize();   // kernels still in flight must not outlive their buffers
        if (blas != null) blas.destroy();
        buffers.closeAll();
        for (CUmodule m : modules.values()) cuModuleUnload(m);
        modules.clear();
        kernels.clear();
        closed = true;
        cuDevicePrimaryCtxRelease(device);
    }

    @Override public String toString() { return "cuda[" + info.name() + "]"; }
}
