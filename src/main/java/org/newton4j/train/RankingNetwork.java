package org.newton4j.train;

import org.newton4j.device.Backend;
import org.newton4j.device.Precision;
import org.newton4j.nn.ActivationLayer;
import org.newton4j.nn.Conv2d;
import org.newton4j.nn.Flatten;
import org.newton4j.nn.Initializer;
import org.newton4j.nn.Linear;
import org.newton4j.nn.MaxPool2d;
import org.newton4j.nn.Sequential;

/**
 * The scoring network of the papers' ranking experiments (diffsort / Newton Losses reference):
 * conv 5×5 (c1, padding 2), ReLU, max-pool 2; conv 5×5 (c2, padding 2), ReLU, max-pool 2; FC hidden,
 * ReLU; FC 1. One score per element image. The reference uses c1 = 32, c2 = 64, hidden = 64.
 */
public record RankingNetwork(int conv1, int conv2, int hidden) {
    public static final RankingNetwork REFERENCE = new RankingNetwork(32, 64, 64);

    public RankingNetwork {
        if (conv1 < 1 || conv2 < 1 || hidden < 1)
            throw new IllegalArgumentException("ranking network: channel and hidden sizes must be >= 1, got "
                    + conv1 + ", " + conv2 + ", " + hidden);
    }

    /** Builds the network for channels×height×width inputs (height and width divisible by 4), initialised from seed. */
    public Sequential build(Backend backend, Precision precision, int channels, int height, int width, long seed) {
        if (height % 4 != 0 || width % 4 != 0 || height < 4 || width < 4)
            throw new IllegalArgumentException("ranking network: image " + height + "x" + width
                    + " must have sides divisible by 4 (two 2x2 poolings)");
        Sequential net = new Sequential(
                new Conv2d(backend, precision, channels, conv1, 5, 1, 2), ActivationLayer.relu(), new MaxPool2d(2),
                new Conv2d(backend, precision, conv1, conv2, 5, 1, 2), ActivationLayer.relu(), new MaxPool2d(2),
                new Flatten(),
                new Linear(backend, precision, conv2 * (height / 4) * (width / 4), hidden), ActivationLayer.relu(),
                new Linear(backend, precision, hidden, 1));
        net.initialize(Initializer.PYTORCH_DEFAULT, seed);
        return net;
    }
}
