package org.newton4j.nn;

/**
 * A trainable tensor and the gradient the last backward pass accumulated into it. The name
 * ("0.weight", "3.bias", ...) identifies it in checkpoints and optimizer state.
 */
public final class Parameter implements AutoCloseable {
    private final String name;
    private final Tensor value;
    private final Tensor gradient;

    public Parameter(String name, Tensor value, Tensor gradient) {
        if (!value.sameShape(gradient.shape()) || value.precision() != gradient.precision()
                || value.backend() != gradient.backend())
            throw new IllegalArgumentException("parameter " + name + ": gradient " + gradient
                    + " does not match value " + value);
        this.name = name;
        this.value = value;
        this.gradient = gradient;
    }

    public String name() { return name; }

    public Tensor value() { return value; }

    public Tensor gradient() { return gradient; }

    /** Number of scalars. */
    public int size() { return Math.toIntExact(value.size()); }

    /** The same tensors under a qualified name (a container prefixes its layers' parameters). */
    public Parameter renamed(String qualifiedName) { return new Parameter(qualifiedName, value, gradient); }

    public void zeroGradient() { value.backend().fill(gradient.buffer(), 0.0); }

    @Override
    public void close() {
        value.close();
        gradient.close();
    }

    @Override
    public String toString() { return name + value; }
}
