package org.newton4j.device;

import java.util.Locale;

/** Floating-point precision of a computation and of the real-valued buffers it reads and writes. */
public enum Precision {
    F32(4, "float", "_f32"),
    F64(8, "double", "_f64");

    private final int bytes;
    private final String cType;
    private final String kernelSuffix;

    Precision(int bytes, String cType, String kernelSuffix) {
        this.bytes = bytes;
        this.cType = cType;
        this.kernelSuffix = kernelSuffix;
    }

    public int bytes() { return bytes; }

    /** The C type kernels see as REAL. */
    public String cType() { return cType; }

    /** Suffix the NAME() macro appends to kernel entry points compiled for this precision. */
    public String kernelSuffix() { return kernelSuffix; }

    public ElementType elementType() { return this == F32 ? ElementType.F32 : ElementType.F64; }

    /** A real scalar kernel argument of this precision (kernels take REAL, never a wider type). */
    public Number scalar(double value) { return this == F32 ? (Number) (float) value : (Number) value; }

    /** Rounds a value to what a buffer of this precision stores. */
    public double round(double value) { return this == F32 ? (double) (float) value : value; }

    /** Machine epsilon of this precision. */
    public double epsilon() { return this == F32 ? 0x1.0p-23 : 0x1.0p-52; }

    /** Parses "f32"/"f64" (also "float32", "float64", "float", "double"), naming the argument on failure. */
    public static Precision parse(String text, String argumentName) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "f32": case "float32": case "float": return F32;
            case "f64": case "float64": case "double": return F64;
            default: throw new IllegalArgumentException(
                    argumentName + ": unknown precision '" + text + "' (expected f32 or f64)");
        }
    }

    @Override
    public String toString() { return name().toLowerCase(Locale.ROOT); }
}
