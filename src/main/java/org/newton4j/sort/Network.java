package org.newton4j.sort;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A sorting network (DESIGN §4): an ordered list of comparators (a, b); after a comparator, wire a
 * holds the (soft) minimum and wire b the (soft) maximum, so wire i ends holding rank i (ascending).
 */
public enum Network {
    /** Odd-even transposition sort: n layers, layer k compares (i, i+1) for i = k mod 2, +2, ... */
    ODD_EVEN("odd_even"),
    /** Bitonic sort on N = 2^⌈log₂ n⌉ wires; the lowest N − n wires are dropped with their comparators. */
    BITONIC("bitonic");

    /** Largest n a network is built for (odd-even has n(n−1)/2 comparators). */
    public static final int MAX_N = 4096;

    private final String id;

    Network(String id) { this.id = id; }

    /** The name used by eval and the CLI ("odd_even", "bitonic"). */
    public String id() { return id; }

    /** Parses "odd_even" / "bitonic" (case-insensitive), naming the argument on failure. */
    public static Network parse(String name) {
        String t = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Network net : values()) if (net.id.equals(t)) return net;
        throw new IllegalArgumentException("network: unknown sorting network '" + name + "' (expected odd_even or bitonic)");
    }

    /** The comparators for n wires, flattened as (a0, b0, a1, b1, ...) in execution order. */
    public int[] comparators(int n) {
        if (n < 2 || n > MAX_N) throw new IllegalArgumentException("n: must be in [2, " + MAX_N + "], got " + n);
        List<int[]> list = new ArrayList<>();
        if (this == ODD_EVEN) {
            for (int layer = 0; layer < n; layer++)
                for (int i = layer % 2; i < n - 1; i += 2) list.add(new int[] {i, i + 1});
        } else {
            int blocks = 32 - Integer.numberOfLeadingZeros(n - 1); // ⌈log₂ n⌉
            int wires = 1 << blocks, dropped = wires - n;
            for (int block = 0; block < blocks; block++) {
                for (int layer = 0; layer <= block; layer++) {
                    int m = 1 << (block - layer);
                    for (int i = 0; i < wires; i += 2 * m) {
                        for (int j = 0; j < m; j++) {
                            int ix = i + j, a = ix, b = ix + m;
                            if (a < dropped || b < dropped) continue; // touches a dropped wire: vanishes
                            if (((ix >> (block + 1)) & 1) == 1) { int t = a; a = b; b = t; }
                            list.add(new int[] {a - dropped, b - dropped});
                        }
                    }
                }
            }
        }
        int[] out = new int[2 * list.size()];
        for (int k = 0; k < list.size(); k++) { out[2 * k] = list.get(k)[0]; out[2 * k + 1] = list.get(k)[1]; }
        return out;
    }

    @Override
    public String toString() { return id; }
}
