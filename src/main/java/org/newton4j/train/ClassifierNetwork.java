package org.newton4j.train;

import java.util.ArrayList;
import java.util.List;

import org.newton4j.device.Backend;
import org.newton4j.device.Precision;
import org.newton4j.nn.ActivationLayer;
import org.newton4j.nn.Initializer;
import org.newton4j.nn.Layer;
import org.newton4j.nn.Linear;
import org.newton4j.nn.Sequential;

/**
 * A fully connected classifier: Linear layers of the given hidden widths, each followed by the
 * activation, then a Linear layer to the class logits. The optimizer experiments' MLP is
 * 784-1024-200-100-10 with tanh ({@link #REFERENCE}).
 */
public record ClassifierNetwork(int[] hidden, String activation) {
    public static final ClassifierNetwork REFERENCE = new ClassifierNetwork(new int[] {1024, 200, 100}, "tanh");

    public ClassifierNetwork {
        hidden = hidden.clone();
        for (int h : hidden) if (h < 1) throw new IllegalArgumentException("classifier: hidden widths must be >= 1, got " + h);
        if (!List.of("tanh", "relu", "elu").contains(activation))
            throw new IllegalArgumentException("classifier: activation must be tanh, relu or elu, got '" + activation + "'");
    }

    @Override
    public int[] hidden() { return hidden.clone(); }

    public Sequential build(Backend backend, Precision precision, int inputs, int classes, long seed) {
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int h : hidden) {
            layers.add(new Linear(backend, precision, width, h));
            layers.add(activation.equals("tanh") ? ActivationLayer.tanh() : activation.equals("relu") ? ActivationLayer.relu() : ActivationLayer.elu(1.0));
            width = h;
        }
        layers.add(new Linear(backend, precision, width, classes));
        Sequential net = new Sequential(layers);
        net.initialize(Initializer.PYTORCH_DEFAULT, seed);
        return net;
    }
}
