package org.newton4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Layers applied in order. Parameters are named "{layer index}.{local name}" ("0.weight",
 * "3.bias"), as in a PyTorch Sequential state dict.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;
    private final List<Parameter> parameters;

    public Sequential(List<? extends Layer> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("sequential: needs at least one layer");
        this.layers = List.copyOf(layers);
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < this.layers.size(); i++)
            for (Parameter p : this.layers.get(i).parameters()) ps.add(p.renamed(i + "." + p.name()));
        this.parameters = Collections.unmodifiableList(ps);
    }

    public Sequential(Layer... layers) { this(List.of(layers)); }

    public List<Layer> layers() { return layers; }

    @Override
    public int[] outputShape(int... s) {
        int[] shape = s;
        for (Layer l : layers) shape = l.outputShape(shape);
        return shape;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor t = x;
        for (Layer l : layers) t = l.forward(t);
        return t;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor g = dy;
        for (int i = layers.size() - 1; i >= 0; i--) g = layers.get(i).backward(g);
        return g;
    }

    /** Parameter gradients only: the first layer skips the gradient of the network's input. */
    @Override
    public void backwardParameters(Tensor dy) {
        Tensor g = dy;
        for (int i = layers.size() - 1; i > 0; i--) g = layers.get(i).backward(g);
        if (!layers.isEmpty()) layers.get(0).backwardParameters(g);
    }

    /** R-forward through every layer; direction holds one tensor per {@link #parameters()} entry. */
    @Override
    public Tensor forwardTangent(Tensor rx, List<Tensor> direction) {
        requireOnePerParameter(direction, "direction");
        Tensor t = rx;
        int k = 0;
        for (Layer l : layers) {
            int count = l.parameters().size();
            t = l.forwardTangent(t, direction.subList(k, k + count));
            k += count;
        }
        return t;
    }

    /** R-backward through every layer; accumulates into hvp (one tensor per parameter). */
    @Override
    public Tensor backwardTangent(Tensor rgy, List<Tensor> hvp) {
        requireOnePerParameter(hvp, "hvp");
        Tensor g = rgy;
        int k = hvp.size();
        for (int i = layers.size() - 1; i >= 0; i--) {
            int count = layers.get(i).parameters().size();
            g = layers.get(i).backwardTangent(g, hvp.subList(k - count, k));
            k -= count;
        }
        return g;
    }

    private void requireOnePerParameter(List<Tensor> tensors, String what) {
        if (tensors.size() != parameters.size())
            throw new IllegalArgumentException("sequential: " + what + " has " + tensors.size() + " tensors, the network "
                    + parameters.size() + " parameters");
    }

    @Override
    public List<Parameter> parameters() { return parameters; }

    public int parameterCount() {
        int n = 0;
        for (Parameter p : parameters) n += p.size();
        return n;
    }

    public void zeroGradients() {
        for (Parameter p : parameters) p.zeroGradient();
    }

    @Override
    public void initialize(Initializer initializer, SplittableRandom random) {
        for (Layer l : layers) l.initialize(initializer, random);
    }

    /** Re-draws every parameter from one seed: the same seed gives the same network. */
    public void initialize(Initializer initializer, long seed) { initialize(initializer, new SplittableRandom(seed)); }

    @Override
    public void close() {
        for (Layer l : layers) l.close();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (int i = 0; i < layers.size(); i++) sb.append(i == 0 ? "" : ", ").append(layers.get(i));
        return sb.append(')').toString();
    }
}
