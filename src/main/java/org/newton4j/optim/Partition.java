package org.newton4j.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A partition of the parameter tensors into S groups; GroupedNewton learns one rate per group.
 * The schemes follow the reference code (GroupedNewton, {@code partition.py}):
 * <ul>
 *   <li>{@code canonical}: one tensor per group;</li>
 *   <li>{@code trivial}: all tensors in one group;</li>
 *   <li>{@code wb}: weights, biases, others (by name suffix "weight" / "bias", as in
 *       {@code fc1.weight}); empty groups dropped;</li>
 *   <li>{@code blocks-k}: the tensor sequence cut into k consecutive blocks of near-equal tensor
 *       counts, each block split into its weights and its biases (so up to 2k groups).</li>
 * </ul>
 */
public final class Partition {
    private final String scheme;
    private final int[] groupOf;
    private final int groups;

    private Partition(String scheme, int[] groupOf) {
        this.scheme = scheme;
        // renumber groups densely in increasing order of their raw index, dropping empty ones
        int max = Arrays.stream(groupOf).max().orElse(-1);
        boolean[] present = new boolean[max + 1];
        for (int g : groupOf) present[g] = true;
        int[] remap = new int[max + 1];
        int next = 0;
        for (int g = 0; g <= max; g++) remap[g] = present[g] ? next++ : -1;
        int[] dense = new int[groupOf.length];
        for (int i = 0; i < groupOf.length; i++) dense[i] = remap[groupOf[i]];
        this.groupOf = dense;
        this.groups = next;
    }

    public static Partition canonical(ParameterSet p) {
        int[] g = new int[p.size()];
        for (int i = 0; i < g.length; i++) g[i] = i;
        return new Partition("canonical", g);
    }

    public static Partition trivial(ParameterSet p) { return new Partition("trivial", new int[p.size()]); }

    public static Partition weightsBiases(ParameterSet p) {
        int[] g = new int[p.size()];
        for (int i = 0; i < g.length; i++) g[i] = kindOf(p.get(i).name());
        // weights first, then biases, then others, as in the reference
        return new Partition("wb", g);
    }

    public static Partition blocks(ParameterSet p, int k) {
        int n = p.size();
        if (k < 1 || k > n)
            throw new IllegalArgumentException("partition blocks-" + k + ": k must lie in [1, " + n + "] (the number of tensors)");
        // block sizes: the reference's rule (first blocks take the rounding surplus)
        List<Integer> sizes = new ArrayList<>();
        int rest = n, b = k;
        while (b > 0) {
            if (rest % b == 0) {
                for (int i = 0; i < b; i++) sizes.add(rest / b);
                break;
            }
            sizes.add(rest / b + 1);
            rest -= rest / b + 1;
            b--;
        }
        int[] g = new int[n];
        int block = 0, left = sizes.get(0);
        for (int i = 0; i < n; i++) {
            int kind = kindOf(p.get(i).name());
            g[i] = block * 3 + kind;
            if (--left == 0 && block + 1 < sizes.size()) left = sizes.get(++block);
        }
        return new Partition("blocks-" + k, g);
    }

    /** Parses "canonical", "wb", "trivial" or "blocks-k", naming the argument on failure. */
    public static Partition parse(String text, ParameterSet p, String argumentName) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "canonical": return canonical(p);
            case "trivial": return trivial(p);
            case "wb": return weightsBiases(p);
            default:
                if (t.startsWith("blocks-")) {
                    int k;
                    try {
                        k = Integer.parseInt(t.substring(7));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(argumentName + ": '" + text + "' has no integer block count");
                    }
                    return blocks(p, k);
                }
                throw new IllegalArgumentException(argumentName + ": unknown partition '" + text
                        + "' (expected canonical, wb, trivial or blocks-k)");
        }
    }

    /** Groups by explicit assignment: groupOf[i] is tensor i's group (dense numbering enforced). */
    public static Partition explicit(ParameterSet p, int... groupOf) {
        if (groupOf.length != p.size())
            throw new IllegalArgumentException("partition: " + groupOf.length + " group indices for " + p.size() + " tensors");
        for (int g : groupOf) if (g < 0) throw new IllegalArgumentException("partition: negative group index " + g);
        return new Partition("explicit", groupOf.clone());
    }

    /** 0 weight, 1 bias, 2 other. */
    private static int kindOf(String name) {
        if (endsWithPart(name, "weight")) return 0;
        if (endsWithPart(name, "bias")) return 1;
        return 2;
    }

    private static boolean endsWithPart(String key, String part) {
        if (!key.endsWith(part)) return false;
        int i = key.length() - part.length();
        return i == 0 || key.charAt(i - 1) == '.';
    }

    public String scheme() { return scheme; }

    /** Number of groups S. */
    public int groups() { return groups; }

    /** The group of tensor i. */
    public int groupOf(int tensor) { return groupOf[tensor]; }

    public int tensors() { return groupOf.length; }

    @Override
    public String toString() { return scheme + Arrays.toString(groupOf); }
}
