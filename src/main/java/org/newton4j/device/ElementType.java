package org.newton4j.device;

/** What a device buffer holds. Real buffers carry a {@link Precision}; status codes and indices are I32. */
public enum ElementType {
    F32(4), F64(8), I32(4);

    private final int bytes;

    ElementType(int bytes) { this.bytes = bytes; }

    public int bytes() { return bytes; }

    public boolean isReal() { return this != I32; }

    public Precision precision() {
        if (this == I32) throw new IllegalStateException("I32 buffers have no floating-point precision");
        return this == F32 ? Precision.F32 : Precision.F64;
    }
}
