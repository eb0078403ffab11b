package org.newton4j.conformance;

import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseProgram;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.newton4j.device.NativeBackend;

/**
 * Opening the native backends must leave the JVM's own signal handling intact. PoCL installs a
 * SIGFPE handler that, unless POCL_SIGFPE_HANDLER=0, swallows the SIGFPE through which JIT-compiled
 * Java throws ArithmeticException for integer division by zero: the division then returns garbage.
 * And PoCL's LLVM installs crash handlers over the JVM's SIGSEGV handler whenever it compiles a kernel,
 * unless the JVM's signal-chaining library is preloaded (PoclSignalGuard).
 */
class JvmSignalConformanceTest {
    private static int quotient(int a, int b) { return a / b; }

    @Test
    void integerDivisionByZeroStillThrowsAfterTheBackendsOpen() {
        List<NativeBackend> backends = NativeBackends.openOrSkip();
        try {
            int divisions = 0, thrown = 0;
            long sink = 0;
            // enough calls for the JIT to compile quotient with its implicit (signal-based) zero check
            for (int i = 0; i < 2_000_000; i++) {
                boolean byZero = i % 1000 == 0;
                if (byZero) divisions++;
                try {
                    sink += quotient(i, byZero ? 0 : 1);
                } catch (ArithmeticException e) {
                    thrown++;
                }
            }
            assertEquals(divisions, thrown, "divisions by zero that returned a number instead of throwing (sink " + sink + ")");
        } finally {
            NativeBackends.closeAll(backends);
        }
    }

    /**
     * Fresh kernels (never in PoCL's cache) built one after another while other threads allocate and the JVM
     * keeps reaching safepoints: without signal chaining, LLVM's handler takes the safepoints' SIGSEGVs and
     * deletes the compiler's temporary files, and builds fail (3 of 3 such runs of 30 builds failed).
     */
    @Test
    void freshKernelBuildsSurviveTheJvmsSafepoints() throws InterruptedException {
        NativeBackends.closeAll(NativeBackends.openOrSkip());   // the guard's checks (and CI's promise of PoCL)
        CL.setExceptionsEnabled(true);
        int[] count = new int[1];
        clGetPlatformIDs(0, null, count);
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(platforms.length, platforms, null);
        cl_platform_id pocl = null;
        for (cl_platform_id p : platforms) if (platformName(p).contains("Portable Computing Language")) pocl = p;
        Assumptions.assumeTrue(pocl != null, "no PoCL platform here: the LLVM signal handlers this test guards against are PoCL's");
        cl_device_id[] device = new cl_device_id[1];
        clGetDeviceIDs(pocl, CL_DEVICE_TYPE_ALL, 1, device, null);
        cl_context context = clCreateContext(null, 1, device, null, null, null);
        List<Thread> busy = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        for (int t = 0; t < 4; t++) busy.add(new Thread(() -> {
            long sink = 0;
            while (!stop.get()) sink += new Object[100].hashCode();
            if (sink == 42) System.out.print("");
        }));
        busy.add(new Thread(() -> {
            while (!stop.get()) {
                System.gc();   // a safepoint: every running Java thread faults on its polling page
                try { Thread.sleep(1); } catch (InterruptedException e) { return; }
            }
        }));
        busy.forEach(Thread::start);
        int built = 0;
        long salt = System.nanoTime();
        try {
            for (int i = 0; i < 30; i++) {
                String source = "__kernel void k(__global float* x) { int i = get_global_id(0); float v = x[i];"
                        + " for (int j = 0; j < 8; j++) v = v * 1.0001f + " + (salt + i) + ".0f; x[i] = v; }";
                cl_program program = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
                try {
                    clBuildProgram(program, 0, null, null, null, null);
                    built++;
                } finally {
                    clReleaseProgram(program);
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : busy) t.join();
            clReleaseContext(context);
        }
        assertEquals(30, built);
    }

    private static String platformName(cl_platform_id p) {
        long[] size = new long[1];
        clGetPlatformInfo(p, CL_PLATFORM_NAME, 0, null, size);
        byte[] name = new byte[(int) size[0]];
        clGetPlatformInfo(p, CL_PLATFORM_NAME, name.length, Pointer.to(name), null);
        return new String(name, 0, Math.max(0, name.length - 1), StandardCharsets.UTF_8);
    }
}
