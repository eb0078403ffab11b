package org.newton4j.cli.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Flat row-major arrays to nested JSON lists. NaN (a failed solve, say) becomes null: JSON has no NaN. */
public final class JsonArrays {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonArrays() { }

    public static ArrayNode nested(double[] data, int... shape) {
        long total = 1;
        for (int s : shape) total *= s;
        if (total != data.length) throw new IllegalArgumentException("data: " + data.length + " values do not fill shape " + java.util.Arrays.toString(shape));
        return build(data, shape, 0, 0);
    }

    public static ArrayNode nested(int[] data, int... shape) {
        return nestedInts(data, shape, 0, 0);
    }

    private static ArrayNode build(double[] data, int[] shape, int dim, int offset) {
        ArrayNode a = F.arrayNode(shape[dim]);
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) stride *= shape[d];
        for (int i = 0; i < shape[dim]; i++) {
            if (dim == shape.length - 1) {
                double v = data[offset + i];
                if (Double.isFinite(v)) a.add(v); else a.addNull();
            } else {
                a.add(build(data, shape, dim + 1, offset + i * stride));
            }
        }
        return a;
    }

    private static ArrayNode nestedInts(int[] data, int[] shape, int dim, int offset) {
        ArrayNode a = F.arrayNode(shape[dim]);
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) stride *= shape[d];
        for (int i = 0; i < shape[dim]; i++) {
            if (dim == shape.length - 1) a.add(data[offset + i]);
            else a.add(nestedInts(data, shape, dim + 1, offset + i * stride));
        }
        return a;
    }
}
