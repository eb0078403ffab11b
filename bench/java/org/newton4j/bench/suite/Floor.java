package org.newton4j.bench.suite;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;

/**
 * The hardware floor a kernel is compared with: device-to-device copy bandwidth measured in the same
 * run (read + write bytes per second). A kernel's floor time is its unavoidable bytes / bandwidth.
 */
public record Floor(double bytesPerSecond) {
    /** Copies a buffer of the given size between two device buffers; bandwidth counts read + write. */
    public static Floor measure(Backend backend, long bytes, Timing timing) {
        long n = bytes / 4;
        try (DeviceBuffer a = backend.allocate(ElementType.F32, n); DeviceBuffer b = backend.allocate(ElementType.F32, n)) {
            backend.fill(a, 1.0);
            double ms = timing.medianMillis(backend, copy -> backend.copy(a, 0, b, 0, n));
            return new Floor(2.0 * n * 4 / (ms / 1e3));
        }
    }

    public double millisFor(long bytes) { return bytes / bytesPerSecond * 1e3; }

    public double gigabytesPerSecond() { return bytesPerSecond / 1e9; }
}
