package org.newton4j.device;

/** Conversions between host arrays and the element type of a buffer, shared by the native backends. */
public final class HostArrays {
    private HostArrays() { }

    public static float[] toFloats(double[] src, int offset, int length) {
        float[] f = new float[length];
        for (int i = 0; i < length; i++) f[i] = (float) src[offset + i];
        return f;
    }

    public static double[] toDoubles(float[] src, int offset, int length) {
        double[] d = new double[length];
        for (int i = 0; i < length; i++) d[i] = src[offset + i];
        return d;
    }

    /** Checks that [offset, offset+length) lies inside a buffer. */
    public static void checkRange(DeviceBuffer b, long offset, long length) {
        if (b.isClosed()) throw new IllegalStateException("buffer used after close");
        if (offset < 0 || length < 0 || offset + length > b.length())
            throw new IndexOutOfBoundsException("range [" + offset + ", " + (offset + length)
                    + ") outside buffer of length " + b.length());
    }

    public static void checkReal(DeviceBuffer b) {
        if (!b.type().isReal()) throw new IllegalArgumentException("expected a real buffer, got " + b.type());
    }

    public static void checkInt(DeviceBuffer b) {
        if (b.type() != ElementType.I32) throw new IllegalArgumentException("expected an I32 buffer, got " + b.type());
    }
}
