package org.newton4j.train;

import java.util.ArrayList;
import java.util.List;

import org.newton4j.device.Backend;
import org.newton4j.device.Precision;
import org.newton4j.nn.ActivationLayer;
import org.newton4j.nn.Conv2d;
import org.newton4j.nn.Flatten;
import org.newton4j.nn.Initializer;
import org.newton4j.nn.Layer;
import org.newton4j.nn.Linear;
import org.newton4j.nn.MaxPool2d;
import org.newton4j.nn.Sequential;

/**
 * The classifiers of the optimizer experiments. "mlp": Linear layers of the given hidden widths,
 * each followed by the activation, then Linear to the logits (the reference is 784-1024-200-100-10
 * with tanh, {@link #REFERENCE}). "lenet": LeNet-5 — conv 5×5 (6, padding 2), act, max-pool 2,
 * conv 5×5 (16), act, max-pool 2, FC 120, act, FC 84, act, FC classes (hidden is ignored).
 */
public record ClassifierNetwork(String architecture, int[] hidden, String activation) {
    public static final ClassifierNetwork REFERENCE = new ClassifierNetwork("mlp", new int[] {1024, 200, 100}, "tanh");
    public static final ClassifierNetwork LENET = new ClassifierNetwork("lenet", new int[0], "relu");

    public ClassifierNetwork {
        if (!List.of("mlp", "lenet").contains(architecture))
            throw new IllegalArgumentException("classifier: architecture must be mlp or lenet, got '" + architecture + "'");
        hidden = hidden.clone();
        for (int h : hidden) if (h < 1) throw new IllegalArgumentException("classifier: hidden widths must be >= 1, got " + h);
        if (!List.of("tanh", "relu", "elu").contains(activation))
            throw new IllegalArgumentException("classifier: activation must be tanh, relu or elu, got '" + activation + "'");
    }

    /** An MLP with these hidden widths. */
    public ClassifierNetwork(int[] hidden, String activation) { this("mlp", hidden, activation); }

    @Override
    public int[] hidden() { return hidden.clone(); }

    /** The input shape for a batch of height×width grey images: flat for the MLP, NCHW for LeNet. */
    public int[] inputShape(int batch, int height, int width) {
        return architecture.equals("mlp") ? new int[] {batch, height * width} : new int[] {batch, 1, height, width};
    }

    private Layer act() {
        return activation.equals("tanh") ? ActivationLayer.tanh() : activation.equals("relu") ? ActivationLayer.relu() : ActivationLayer.elu(1.0);
    }

    public Sequential build(Backend backend, Precision precision, int height, int width, int classes, long seed) {
        List<Layer> layers = new ArrayList<>();
        if (architecture.equals("mlp")) {
            int w = height * width;
            for (int h : hidden) {
                layers.add(new Linear(backend, precision, w, h));
                layers.add(act());
                w = h;
            }
            layers.add(new Linear(backend, precision, w, classes));
        } else {
            int h2 = ((height) / 2 - 4) / 2, w2 = ((width) / 2 - 4) / 2;
            if (h2 < 1 || w2 < 1)
                throw new IllegalArgumentException("lenet: images of " + height + "x" + width + " are too small (need at least 12x12)");
            layers.addAll(List.of(new Conv2d(backend, precision, 1, 6, 5, 1, 2), act(), new MaxPool2d(2),
                    new Conv2d(backend, precision, 6, 16, 5, 1, 0), act(), new MaxPool2d(2), new Flatten(),
                    new Linear(backend, precision, 16 * h2 * w2, 120), act(), new Linear(backend, precision, 120, 84), act(),
                    new Linear(backend, precision, 84, classes)));
        }
        Sequential net = new Sequential(layers);
        net.initialize(Initializer.PYTORCH_DEFAULT, seed);
        return net;
    }
}
