package org.newton4j.loss;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;

/** Argument checks shared by the built-in losses; messages name the argument. */
final class LossChecks {
    private LossChecks() { }

    static void buffer(String name, DeviceBuffer b, long length, DeviceBuffer like, ElementType type) {
        if (b == null) throw new IllegalArgumentException(name + ": must not be null");
        if (b.backend() != like.backend()) throw new IllegalArgumentException(name + ": lives on another backend");
        if (b.type() != type) throw new IllegalArgumentException(name + ": expected " + type + " elements, got " + b.type());
        if (b.length() < length) throw new IllegalArgumentException(name + ": needs " + length + " elements, has " + b.length());
    }

    static void batch(LossBatch batch, int m, ElementType targetType, long targetLength) {
        if (!batch.y().type().isReal()) throw new IllegalArgumentException("y: must be real, got " + batch.y().type());
        buffer("y", batch.y(), (long) batch.size() * m, batch.y(), batch.y().type());
        buffer("targets", batch.targets(), targetLength, batch.y(), targetType);
    }

    static void outputs(LossOutputs out, LossBatch batch, int m) {
        ElementType t = batch.y().type();
        long n = batch.size();
        if (out.values() != null) buffer("values", out.values(), n, batch.y(), t);
        if (out.gradient() != null) buffer("gradient", out.gradient(), n * m, batch.y(), t);
        if (out.hessian() != null) buffer("hessian", out.hessian(), n * m * m, batch.y(), t);
    }

    static int dimension(int m) {
        if (m < 1) throw new IllegalArgumentException("m: must be >= 1, got " + m);
        return m;
    }
}
