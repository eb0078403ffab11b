package org.newton4j.device;

/**
 * A typed one-dimensional array owned by a backend. Close it (try-with-resources) to free its
 * memory; closing twice is harmless, using a closed buffer throws.
 */
public interface DeviceBuffer extends AutoCloseable {
    Backend backend();

    ElementType type();

    /** Number of elements. */
    long length();

    default long bytes() { return length() * type().bytes(); }

    /** Precision of a real-valued buffer. */
    default Precision precision() { return type().precision(); }

    boolean isClosed();

    @Override
    void close();
}
