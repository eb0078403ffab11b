package org.newton4j.device;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads kernel files packed as resources under {@code kernels/}. OpenCL compilers cannot see into
 * the jar, so {@link #expand} inlines {@code #include "..."} directives itself (each file once per
 * precision-independent header; portable.h is written to tolerate re-inclusion).
 */
public final class KernelSources {
    private static final Pattern INCLUDE = Pattern.compile("^\\s*#\\s*include\\s+\"([^\"]+)\"\\s*$", Pattern.MULTILINE);

    private KernelSources() { }

    /** The bytes of a resource under kernels/, or null when it was not packed. */
    public static byte[] bytes(String path) {
        try (InputStream in = KernelSources.class.getResourceAsStream("/kernels/" + path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new DeviceException("cannot read kernel resource kernels/" + path, e);
        }
    }

    public static String text(String path) {
        byte[] b = bytes(path);
        if (b == null) throw new DeviceException("kernel source kernels/" + path + " is not in the build");
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The source of kernels/{path} with every quoted include resolved relative to the including file. */
    public static String expand(String path) {
        return expand(path, new HashSet<>(), 0);
    }

    private static String expand(String path, Set<String> stack, int depth) {
        if (depth > 16 || !stack.add(path)) throw new DeviceException("include cycle at kernels/" + path);
        String src = text(path);
        String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
        Matcher m = INCLUDE.matcher(src);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String target = normalise(dir + m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(
                    "/* begin " + target + " */\n" + expand(target, stack, depth + 1) + "\n/* end " + target + " */"));
        }
        m.appendTail(out);
        stack.remove(path);
        return out.toString();
    }

    private static String normalise(String path) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) { if (!parts.isEmpty()) parts.removeLast(); } else parts.addLast(p);
        }
        return String.join("/", parts);
    }
}
