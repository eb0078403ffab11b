package org.newton4j.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;

/** The checkpoint format shared by the optimizers: a header naming kind and shapes, then buffers as float64. */
final class StateStreams {
    private static final int MAGIC = 0x4E344A4F; // "N4JO"
    private static final int CHUNK = 1 << 16;

    private StateStreams() { }

    static void writeHeader(DataOutput out, String kind, ParameterSet params) throws IOException {
        out.writeInt(MAGIC);
        out.writeUTF(kind);
        out.writeUTF(params.precision().name());
        out.writeInt(params.size());
        for (Parameter p : params.list()) {
            out.writeUTF(p.name());
            out.writeLong(p.length());
        }
    }

    /** Reads and checks a header; the message names the first mismatch. */
    static void readHeader(DataInput in, String kind, ParameterSet params) throws IOException {
        if (in.readInt() != MAGIC) throw new IllegalArgumentException("checkpoint: not a newton4j optimizer state");
        String k = in.readUTF();
        if (!k.equals(kind)) throw new IllegalArgumentException("checkpoint: holds " + k + " state, not " + kind);
        String precision = in.readUTF();
        if (!precision.equals(params.precision().name()))
            throw new IllegalArgumentException("checkpoint: precision " + precision + " but the parameters are " + params.precision());
        int n = in.readInt();
        if (n != params.size())
            throw new IllegalArgumentException("checkpoint: " + n + " tensors but the optimizer has " + params.size());
        for (Parameter p : params.list()) {
            String name = in.readUTF();
            long length = in.readLong();
            if (!name.equals(p.name()) || length != p.length())
                throw new IllegalArgumentException("checkpoint: tensor '" + name + "' of " + length + " elements where the optimizer has '"
                        + p.name() + "' of " + p.length());
        }
    }

    static void writeBuffer(DataOutput out, DeviceBuffer b) throws IOException {
        Backend backend = b.backend();
        out.writeLong(b.length());
        double[] chunk = new double[(int) Math.min(CHUNK, Math.max(1, b.length()))];
        for (long off = 0; off < b.length(); off += chunk.length) {
            int len = (int) Math.min(chunk.length, b.length() - off);
            backend.read(b, off, chunk, 0, len);
            for (int i = 0; i < len; i++) out.writeDouble(chunk[i]);
        }
    }

    static void readBuffer(DataInput in, DeviceBuffer b, String what) throws IOException {
        long length = in.readLong();
        if (length != b.length())
            throw new IllegalArgumentException("checkpoint: " + what + " has " + length + " elements, expected " + b.length());
        double[] chunk = new double[(int) Math.min(CHUNK, Math.max(1, length))];
        for (long off = 0; off < length; off += chunk.length) {
            int len = (int) Math.min(chunk.length, length - off);
            for (int i = 0; i < len; i++) chunk[i] = in.readDouble();
            b.backend().write(b, off, chunk, 0, len);
        }
    }

    static void writeTensors(DataOutput out, TensorList t) throws IOException {
        for (DeviceBuffer b : t.buffers()) writeBuffer(out, b);
    }

    static void readTensors(DataInput in, TensorList t, String what, ParameterSet params) throws IOException {
        for (int i = 0; i < t.size(); i++) readBuffer(in, t.get(i), what + "[" + params.get(i).name() + "]");
    }

    /** Fails unless the stored hyperparameter equals the configured one (resuming with other settings is a mistake). */
    static void expectSame(DataInput in, String name, double configured) throws IOException {
        double stored = in.readDouble();
        if (Double.doubleToLongBits(stored) != Double.doubleToLongBits(configured))
            throw new IllegalArgumentException("checkpoint: " + name + " was " + stored + ", this optimizer has " + configured);
    }
}
