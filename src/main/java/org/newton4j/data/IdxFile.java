package org.newton4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An IDX array of unsigned bytes (the MNIST / Fashion-MNIST format): magic 0x0000 08 rank, rank
 * big-endian int32 dimensions, then the bytes row-major. Files may be gzip-compressed (detected by
 * content, not by name). Other IDX element types are rejected with a message saying which.
 */
public record IdxFile(int[] shape, byte[] data) {
    private static final int UNSIGNED_BYTE = 0x08;

    public IdxFile {
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("idx: negative dimension in " + Arrays.toString(shape));
            size *= d;
        }
        if (size != data.length)
            throw new IllegalArgumentException("idx: shape " + Arrays.toString(shape) + " needs " + size
                    + " bytes, got " + data.length);
    }

    /** Element i as 0..255. */
    public int get(int i) { return data[i] & 0xff; }

    public int count() { return shape.length == 0 ? 1 : shape[0]; }

    public static IdxFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("idx: no such file " + file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw) : raw;
            return read(in, file.toString());
        }
    }

    public static IdxFile read(InputStream stream, String what) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int magic;
        try {
            magic = in.readInt();
        } catch (java.io.EOFException e) {
            throw new IOException(what + ": empty or truncated IDX header");
        }
        if ((magic >>> 16) != 0) throw new IOException(what + ": not an IDX file (magic 0x" + Integer.toHexString(magic) + ")");
        int type = (magic >>> 8) & 0xff, rank = magic & 0xff;
        if (type != UNSIGNED_BYTE)
            throw new IOException(what + ": IDX element type 0x" + Integer.toHexString(type) + " is not supported (only unsigned byte, 0x08)");
        if (rank < 1 || rank > 8) throw new IOException(what + ": IDX rank " + rank + " out of range 1..8");
        int[] shape = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readInt();
            if (shape[i] < 0) throw new IOException(what + ": negative IDX dimension " + shape[i]);
            size *= shape[i];
            if (size > Integer.MAX_VALUE - 8) throw new IOException(what + ": IDX array too large (" + size + " bytes)");
        }
        byte[] data = new byte[(int) size];
        try {
            in.readFully(data);
        } catch (java.io.EOFException e) {
            throw new IOException(what + ": truncated IDX data (expected " + size + " bytes for shape " + Arrays.toString(shape) + ")");
        }
        return new IdxFile(shape, data);
    }

    /** Writes the array, gzip-compressed when the name ends in ".gz". */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream os = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
            out.writeInt((UNSIGNED_BYTE << 8) | shape.length);
            for (int d : shape) out.writeInt(d);
            out.write(data);
        }
    }
}
