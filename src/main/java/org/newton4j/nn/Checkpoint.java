package org.newton4j.nn;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named float64 arrays on disk: the parameters of a network plus any optimizer state, so a run can
 * be resumed or evaluated later. Format (big-endian): "N4JCKPT1", int count, then per entry
 * UTF name, int rank, int[rank] shape, double[size] values.
 */
public final class Checkpoint {
    private static final String MAGIC = "N4JCKPT1";

    /** One named array and its shape. */
    public record Entry(String name, int[] shape, double[] values) {
        public Entry {
            if (Tensor.size(shape) != values.length)
                throw new IllegalArgumentException("checkpoint entry " + name + ": shape " + Arrays.toString(shape)
                        + " does not hold " + values.length + " values");
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public Checkpoint put(String name, int[] shape, double[] values) {
        entries.put(name, new Entry(name, shape.clone(), values.clone()));
        return this;
    }

    /** Copies every parameter's value from its device. */
    public static Checkpoint of(List<Parameter> parameters) {
        Checkpoint c = new Checkpoint();
        for (Parameter p : parameters) c.put(p.name(), p.value().shape(), p.value().toHost());
        return c;
    }

    /** Stores text (UTF-8, one byte per value; see {@link #encodeBytes}). */
    public Checkpoint putText(String name, String text) {
        double[] v = encodeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return put(name, new int[] {v.length}, v);
    }

    /** The text stored by {@link #putText}. */
    public String text(String name) {
        return new String(decodeBytes(get(name).values(), name), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Bytes as checkpoint values, one per byte, so serialized state fits the float64 format. */
    public static double[] encodeBytes(byte[] bytes) {
        double[] d = new double[bytes.length];
        for (int i = 0; i < bytes.length; i++) d[i] = bytes[i];
        return d;
    }

    /** The bytes {@link #encodeBytes} stored; fails, naming the entry, on a value that is not a byte. */
    public static byte[] decodeBytes(double[] values, String name) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE && v == Math.rint(v)))
                throw new IllegalArgumentException("checkpoint: entry " + name + " holds " + v + " at index " + i + ", not a byte");
            b[i] = (byte) v;
        }
        return b;
    }

    public Map<String, Entry> entries() { return java.util.Collections.unmodifiableMap(entries); }

    public Entry get(String name) {
        Entry e = entries.get(name);
        if (e == null) throw new IllegalArgumentException("checkpoint: no entry named '" + name + "' (has " + entries.keySet() + ")");
        return e;
    }

    /**
     * Writes the stored values into parameters of the same names and shapes. Every entry is checked (names, shapes,
     * finite values) before any parameter is written, so a checkpoint that does not fit leaves the parameters as they were.
     */
    public void restore(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            Entry e = get(p.name());
            if (!p.value().sameShape(e.shape()))
                throw new IllegalArgumentException("checkpoint: entry " + p.name() + " has shape " + Arrays.toString(e.shape())
                        + ", parameter has " + Arrays.toString(p.value().shape()));
            for (int i = 0; i < e.values().length; i++)
                if (!Double.isFinite(e.values()[i]))
                    throw new IllegalArgumentException("checkpoint: entry " + p.name() + " holds " + e.values()[i] + " at index " + i);
        }
        for (Parameter p : parameters) {
            Entry e = get(p.name());
            p.value().backend().write(p.value().buffer(), 0, e.values(), 0, e.values().length);
        }
    }

    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (OutputStream os = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
            out.writeBytes(MAGIC);
            out.writeInt(entries.size());
            for (Entry e : entries.values()) {
                out.writeUTF(e.name());
                out.writeInt(e.shape().length);
                for (int d : e.shape()) out.writeInt(d);
                for (double v : e.values()) out.writeDouble(v);
            }
        }
    }

    public static Checkpoint load(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(is))) {
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII)))
                throw new IOException(file + ": not a newton4j checkpoint (bad magic)");
            int count = in.readInt();
            if (count < 0) throw new IOException(file + ": negative entry count " + count);
            Checkpoint c = new Checkpoint();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int rank = in.readInt();
                if (rank < 0 || rank > 16) throw new IOException(file + ": entry " + name + " has bad rank " + rank);
                int[] shape = new int[rank];
                for (int d = 0; d < rank; d++) shape[d] = in.readInt();
                double[] v = new double[Math.toIntExact(Tensor.size(shape))];
                for (int j = 0; j < v.length; j++) v[j] = in.readDouble();
                c.put(name, shape, v);
            }
            return c;
        }
    }
}
