package org.newton4j.cli.eval;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed, validating access to an eval request. Every accessor names the field in its error, and
 * rejects missing fields, wrong types, ragged arrays and non-finite numbers.
 */
public final class EvalRequest {
    private final JsonNode root;

    public EvalRequest(JsonNode root) {
        if (root == null || !root.isObject()) throw new EvalInputException("request", "must be a JSON object");
        this.root = root;
    }

    public JsonNode root() { return root; }

    public boolean has(String field) { return root.has(field) && !root.get(field).isNull(); }

    public String string(String field) {
        JsonNode n = require(field);
        if (!n.isTextual()) throw new EvalInputException(field, "must be a string");
        return n.asText();
    }

    public String string(String field, String fallback) { return has(field) ? string(field) : fallback; }

    /** A string that must be one of the allowed values. */
    public String choice(String field, String fallback, List<String> allowed) {
        String v = string(field, fallback);
        if (!allowed.contains(v)) throw new EvalInputException(field, "unknown value '" + v + "' (expected one of " + allowed + ")");
        return v;
    }

    public double number(String field) {
        JsonNode n = require(field);
        if (!n.isNumber()) throw new EvalInputException(field, "must be a number");
        double v = n.asDouble();
        if (!Double.isFinite(v)) throw new EvalInputException(field, "must be finite");
        return v;
    }

    public double number(String field, double fallback) { return has(field) ? number(field) : fallback; }

    /** A number that must be > 0. */
    public double positive(String field, double fallback) {
        double v = number(field, fallback);
        if (!(v > 0)) throw new EvalInputException(field, "must be > 0, got " + v);
        return v;
    }

    public int integer(String field, int fallback) {
        if (!has(field)) return fallback;
        JsonNode n = root.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw new EvalInputException(field, "must be an integer");
        return n.asInt();
    }

    public long integerLong(String field, long fallback) {
        if (!has(field)) return fallback;
        JsonNode n = root.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) throw new EvalInputException(field, "must be an integer");
        return n.asLong();
    }

    public boolean bool(String field, boolean fallback) {
        if (!has(field)) return fallback;
        JsonNode n = root.get(field);
        if (!n.isBoolean()) throw new EvalInputException(field, "must be true or false");
        return n.asBoolean();
    }

    /** The requested outputs; each must be in allowed. Missing field: the defaults. */
    public Set<String> outputs(List<String> allowed, List<String> defaults) {
        if (!has("outputs")) return new LinkedHashSet<>(defaults);
        JsonNode n = root.get("outputs");
        if (!n.isArray()) throw new EvalInputException("outputs", "must be an array of strings");
        Set<String> out = new LinkedHashSet<>();
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
            JsonNode e = it.next();
            if (!e.isTextual() || !allowed.contains(e.asText()))
                throw new EvalInputException("outputs", "unknown output " + e + " (expected any of " + allowed + ")");
            out.add(e.asText());
        }
        return out;
    }

    /** A nested numeric array of exactly the given depth, flattened row-major, with its shape. */
    public Tensor tensor(String field, int depth) {
        JsonNode n = require(field);
        int[] shape = new int[depth];
        JsonNode probe = n;
        for (int d = 0; d < depth; d++) {
            if (!probe.isArray()) throw new EvalInputException(field, "must be a " + depth + "-dimensional array");
            shape[d] = probe.size();
            if (shape[d] == 0) throw new EvalInputException(field, "has an empty dimension " + d);
            probe = probe.get(0);
        }
        long total = 1;
        for (int s : shape) total *= s;
        if (total > Integer.MAX_VALUE - 8) throw new EvalInputException(field, "is too large for one request");
        double[] data = new double[(int) total];
        int[] pos = {0};
        flatten(field, n, 0, shape, data, pos);
        return new Tensor(shape, data);
    }

    private static void flatten(String field, JsonNode n, int d, int[] shape, double[] out, int[] pos) {
        if (d == shape.length) {
            if (!n.isNumber()) throw new EvalInputException(field, "has a non-numeric element " + n + " (NaN/Inf are not JSON numbers)");
            double v = n.asDouble();
            if (!Double.isFinite(v)) throw new EvalInputException(field, "has a non-finite element");
            out[pos[0]++] = v;
            return;
        }
        if (!n.isArray() || n.size() != shape[d])
            throw new EvalInputException(field, "is ragged: expected " + shape[d] + " elements at depth " + d
                    + (n.isArray() ? ", found " + n.size() : ", found a scalar"));
        for (JsonNode c : n) flatten(field, c, d + 1, shape, out, pos);
    }

    private JsonNode require(String field) {
        if (!has(field)) throw new EvalInputException(field, "missing");
        return root.get(field);
    }

    /** A flattened array and its shape. */
    public record Tensor(int[] shape, double[] data) {
        public int dim(int i) { return shape[i]; }

        /** The elements as ints, failing (naming the field) when one is not integral. */
        public int[] asInts(String field) {
            int[] r = new int[data.length];
            for (int i = 0; i < data.length; i++) {
                if (data[i] != Math.rint(data[i]) || Math.abs(data[i]) > Integer.MAX_VALUE)
                    throw new EvalInputException(field, "must hold integers, found " + data[i]);
                r[i] = (int) data[i];
            }
            return r;
        }
    }
}
