package org.newton4j.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;

/**
 * The ordered tensors an optimizer trains: distinct names, one backend, one precision. Oracles
 * receive and fill lists of buffers in this order and with these lengths.
 */
public final class ParameterSet {
    private final List<Parameter> parameters;
    private final Backend backend;
    private final Precision precision;
    private final long[] offsets;

    public ParameterSet(List<Parameter> parameters) {
        if (parameters == null || parameters.isEmpty())
            throw new IllegalArgumentException("parameters: the list is empty");
        this.parameters = List.copyOf(parameters);
        Parameter first = this.parameters.get(0);
        backend = first.buffer().backend();
        precision = first.buffer().precision();
        Set<String> names = new HashSet<>();
        offsets = new long[this.parameters.size() + 1];
        for (int i = 0; i < this.parameters.size(); i++) {
            Parameter p = this.parameters.get(i);
            if (!names.add(p.name())) throw new IllegalArgumentException("parameters: duplicate name '" + p.name() + "'");
            if (p.buffer().backend() != backend)
                throw new IllegalArgumentException("parameter '" + p.name() + "': lives on the " + p.buffer().backend().kind()
                        + " backend, not on " + backend.kind() + " like '" + first.name() + "'");
            if (p.buffer().precision() != precision)
                throw new IllegalArgumentException("parameter '" + p.name() + "': precision " + p.buffer().precision()
                        + " differs from " + precision + " of '" + first.name() + "'");
            offsets[i + 1] = offsets[i] + p.length();
        }
    }

    public static ParameterSet of(Parameter... parameters) { return new ParameterSet(Arrays.asList(parameters)); }

    public int size() { return parameters.size(); }

    public Parameter get(int i) { return parameters.get(i); }

    public List<Parameter> list() { return parameters; }

    public Backend backend() { return backend; }

    public Precision precision() { return precision; }

    /** Total number of scalar parameters. */
    public long totalLength() { return offsets[offsets.length - 1]; }

    /** Index of the first element of tensor i in the concatenation of all tensors. */
    public long offset(int i) { return offsets[i]; }

    /** The parameter buffers, in order. */
    public List<DeviceBuffer> buffers() {
        List<DeviceBuffer> out = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) out.add(p.buffer());
        return out;
    }

    /** Allocates one uninitialised buffer per tensor, shaped like the parameters (caller closes them). */
    public TensorList allocateLike() {
        List<DeviceBuffer> out = new ArrayList<>(parameters.size());
        try {
            for (Parameter p : parameters) out.add(backend.allocate(precision, p.length()));
        } catch (RuntimeException e) {
            out.forEach(DeviceBuffer::close);
            throw e;
        }
        return new TensorList(out);
    }

    /** Same as {@link #allocateLike()}, every element set to value. */
    public TensorList allocateFilled(double value) {
        TensorList t = allocateLike();
        for (DeviceBuffer b : t.buffers()) backend.fill(b, value);
        return t;
    }

    /** Fails unless the buffers match these parameters one to one (backend, precision, length). */
    public void checkMatches(List<DeviceBuffer> buffers, String what) {
        if (buffers == null) throw new IllegalArgumentException(what + ": is null");
        if (buffers.size() != parameters.size())
            throw new IllegalArgumentException(what + ": " + buffers.size() + " tensors for " + parameters.size() + " parameters");
        for (int i = 0; i < buffers.size(); i++) {
            DeviceBuffer b = buffers.get(i);
            Parameter p = parameters.get(i);
            if (b == null || b.isClosed()) throw new IllegalArgumentException(what + "[" + p.name() + "]: missing or closed");
            if (b.backend() != backend || b.type() != p.buffer().type() || b.length() != p.length())
                throw new IllegalArgumentException(what + "[" + p.name() + "]: expected " + p.length() + " " + p.buffer().type()
                        + " on " + backend.kind() + ", got " + b.length() + " " + b.type() + " on " + b.backend().kind());
        }
    }
}
