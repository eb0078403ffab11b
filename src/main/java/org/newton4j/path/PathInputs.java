package org.newton4j.path;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;

/** Shape and value checks shared by the path operations; every message names the argument. */
final class PathInputs {
    private PathInputs() { }

    static void requireReal(DeviceBuffer b, String name, long length, Backend backend, ElementType type) {
        if (b == null) throw new IllegalArgumentException(name + ": missing");
        if (b.isClosed()) throw new IllegalArgumentException(name + ": buffer is closed");
        if (b.backend() != backend) throw new IllegalArgumentException(name + ": lives on a different backend than cost");
        if (b.type() != type) throw new IllegalArgumentException(name + ": must be " + type + ", got " + b.type());
        if (b.length() < length) throw new IllegalArgumentException(name + ": needs " + length + " elements, has " + b.length());
    }

    static void requireBatch(int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch: must be >= 1, got " + batch);
    }

    /** Costs must be positive and finite (reads the buffer back on a native backend). */
    static double[] checkedCosts(DeviceBuffer cost, long length) {
        double[] c = host(cost, length);
        for (int i = 0; i < c.length; i++)
            if (!(c[i] > 0) || !Double.isFinite(c[i]))
                throw new IllegalArgumentException("cost: element " + i + " must be positive and finite, got " + c[i]);
        return c;
    }

    /** The truth must be a 0/1 indicator. */
    static double[] checkedTruth(DeviceBuffer truth, long length) {
        double[] t = host(truth, length);
        for (int i = 0; i < t.length; i++)
            if (t[i] != 0 && t[i] != 1)
                throw new IllegalArgumentException("truth: element " + i + " must be 0 or 1, got " + t[i]);
        return t;
    }

    static double[] host(DeviceBuffer b, long length) {
        double[] out = new double[Math.toIntExact(length)];
        b.backend().read(b, 0, out, 0, out.length);
        return out;
    }
}
