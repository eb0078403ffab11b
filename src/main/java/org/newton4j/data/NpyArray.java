package org.newton4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy .npy array (format versions 1–3), as the published Warcraft shortest-path data set ships
 * (maps uint8 N×H×W×3, vertex weights float N×12×12, shortest paths N×12×12). Values are held as
 * doubles; supported element types: bool, (u)int8/16/32/64, float32/64, little- or big-endian, C order.
 */
public record NpyArray(int[] shape, String descr, double[] values) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public NpyArray {
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("npy: negative dimension in " + Arrays.toString(shape));
            size *= d;
        }
        if (size != values.length)
            throw new IllegalArgumentException("npy: shape " + Arrays.toString(shape) + " holds " + size + " values, got " + values.length);
    }

    public long size() { return values.length; }

    public static NpyArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file.toString());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString());
        }
    }

    public static NpyArray read(InputStream stream, String what) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[6];
        try {
            in.readFully(magic);
        } catch (java.io.EOFException e) {
            throw new IOException(what + ": truncated .npy header");
        }
        if (!Arrays.equals(magic, MAGIC)) throw new IOException(what + ": not a .npy file (bad magic)");
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        long headerLength;
        if (major == 1) headerLength = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
        else if (major == 2 || major == 3) headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
        else throw new IOException(what + ": unsupported .npy format version " + major);
        if (headerLength > 1 << 20) throw new IOException(what + ": .npy header of " + headerLength + " bytes is implausible");
        byte[] hb = new byte[(int) headerLength];
        in.readFully(hb);
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr", what);
        if (group(ORDER, header, "fortran_order", what).equals("True"))
            throw new IOException(what + ": Fortran-ordered arrays are not supported (save with np.ascontiguousarray)");
        String dims = group(SHAPE, header, "shape", what).trim();
        int[] shape = dims.isEmpty() ? new int[0] : Arrays.stream(dims.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(s -> {
                    long v = Long.parseLong(s);
                    if (v < 0 || v > Integer.MAX_VALUE) throw new IllegalArgumentException(what + ": bad .npy dimension " + s);
                    return (int) v;
                }).toArray();
        long count = 1;
        for (int d : shape) count *= d;
        int width = width(descr, what);
        if (count * width > Integer.MAX_VALUE - 8) throw new IOException(what + ": .npy array too large for this reader");
        byte[] raw = new byte[(int) (count * width)];
        try {
            in.readFully(raw);
        } catch (java.io.EOFException e) {
            throw new IOException(what + ": truncated .npy data (expected " + raw.length + " bytes for shape " + Arrays.toString(shape) + ")");
        }
        ByteBuffer bb = ByteBuffer.wrap(raw).order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[(int) count];
        String type = descr.substring(1);
        for (int i = 0; i < values.length; i++) {
            switch (type) {
                case "b1": case "u1": values[i] = bb.get() & 0xff; break;
                case "i1": values[i] = bb.get(); break;
                case "u2": values[i] = bb.getShort() & 0xffff; break;
                case "i2": values[i] = bb.getShort(); break;
                case "u4": values[i] = bb.getInt() & 0xffffffffL; break;
                case "i4": values[i] = bb.getInt(); break;
                case "i8": case "u8": values[i] = bb.getLong(); break;
                case "f4": values[i] = bb.getFloat(); break;
                default: values[i] = bb.getDouble(); break;   // f8, checked by width()
            }
        }
        return new NpyArray(shape, descr, values);
    }

    private static String group(Pattern p, String header, String key, String what) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new IOException(what + ": .npy header has no '" + key + "' entry: " + header.trim());
        return m.group(1);
    }

    private static int width(String descr, String what) throws IOException {
        if (descr.length() == 3 && "<>|=".indexOf(descr.charAt(0)) >= 0) {
            switch (descr.substring(1)) {
                case "b1": case "u1": case "i1": return 1;
                case "u2": case "i2": return 2;
                case "u4": case "i4": case "f4": return 4;
                case "u8": case "i8": case "f8": return 8;
                default: break;
            }
        }
        throw new IOException(what + ": .npy element type '" + descr + "' is not supported (bool, ints, float32, float64)");
    }

    /** Writes a version-1.0 file (descr "|u1", "<f4" or "<f8"), header padded to 64 bytes as NumPy does. */
    public void write(Path file) throws IOException {
        int width = width(descr, file.toString());
        String dims = shape.length == 1 ? shape[0] + "," : String.join(", ", Arrays.stream(shape).mapToObj(Integer::toString).toArray(String[]::new));
        StringBuilder h = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((MAGIC.length + 4 + h.length() + 1) % 64 != 0) h.append(' ');
        h.append('\n');
        ByteBuffer bb = ByteBuffer.allocate(values.length * width).order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (descr.substring(1)) {
                case "b1": case "u1": case "i1": bb.put((byte) v); break;
                case "f4": bb.putFloat((float) v); break;
                case "f8": bb.putDouble(v); break;
                case "i4": case "u4": bb.putInt((int) v); break;
                case "i8": case "u8": bb.putLong((long) v); break;
                default: bb.putShort((short) v); break;
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(MAGIC);
            out.write(new byte[] {1, 0, (byte) (h.length() & 0xff), (byte) (h.length() >>> 8)});
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bb.array());
        }
    }
}
