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
import org.newton4j.nn.MaxPool2d;
import org.newton4j.nn.Sequential;

/**
 * The cost network of the shortest-path experiment: a small fully convolutional stand-in for the
 * papers' truncated ResNet18. From a 3×(k·t)×(k·t) map image it predicts the k×k positive vertex
 * costs: log2(t) blocks of conv 3×3 (channels, padding 1), ReLU, max-pool 2 bring the image down to
 * one pixel per cell (t = 1: one conv block without pooling); then a 1×1 conv (hidden), ReLU, a 1×1
 * conv to one channel, and softplus, which keeps every cost positive as the solvers require.
 * Costs are a property of a cell's tile, so local receptive fields suffice.
 */
public record PathNetwork(int channels, int hidden) {
    public static final PathNetwork SMALL = new PathNetwork(16, 16);

    public PathNetwork {
        if (channels < 1 || hidden < 1)
            throw new IllegalArgumentException("path network: channels and hidden must be >= 1, got " + channels + ", " + hidden);
    }

    /** Builds the network for 3×imageSide×imageSide inputs and k×k cells (imageSide = k·2^j), initialised from seed. */
    public Sequential build(Backend backend, Precision precision, int imageSide, int cells, long seed) {
        int tile = imageSide / cells;
        if (cells < 1 || imageSide % cells != 0 || Integer.bitCount(tile) != 1)
            throw new IllegalArgumentException("path network: image side " + imageSide + " must be the grid side " + cells
                    + " times a power of two");
        List<Layer> layers = new ArrayList<>();
        int in = 3;
        for (int side = tile; ; side /= 2) {
            layers.add(new Conv2d(backend, precision, in, channels, 3, 1, 1));
            layers.add(ActivationLayer.relu());
            in = channels;
            if (side == 1) break;
            layers.add(new MaxPool2d(2));
            if (side == 2) break;
        }
        layers.add(new Conv2d(backend, precision, channels, hidden, 1, 1, 0));
        layers.add(ActivationLayer.relu());
        layers.add(new Conv2d(backend, precision, hidden, 1, 1, 1, 0));
        layers.add(new Flatten());
        layers.add(ActivationLayer.softplus());
        Sequential net = new Sequential(layers.toArray(new Layer[0]));
        net.initialize(Initializer.PYTORCH_DEFAULT, seed);
        return net;
    }
}
