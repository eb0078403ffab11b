package org.newton4j.device;

/** A compiled kernel entry point of a native backend; obtained from {@link NativeBackend#kernel}. */
public interface Kernel {
    /** module/function_suffix, e.g. "linalg/chol_small_f32". */
    String qualifiedName();
}
