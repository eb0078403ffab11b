package org.newton4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Warcraft-style shortest-path data: k×k maps of terrain whose per-cell costs a network learns to
 * read from the rendered image. {@link #generate} makes them from a seed (grass with blobs of other
 * terrain, tiles of tile×tile RGB pixels with per-pixel texture noise); {@link #load} reads the
 * published data set's arrays ({split}_maps.npy N×H×W×3 uint8, {split}_vertex_weights.npy N×k×k,
 * and, when present, {split}_shortest_paths.npy N×k×k). True shortest paths for generated maps
 * come from the exact solver of org.newton4j.path.
 *
 * @param images  N×H×W×3 RGB bytes (0..255), row-major, like the published maps
 * @param costs   N×k×k vertex costs
 * @param paths   N×k×k 0/1 shortest-path indicators, or null when not loaded/computed
 */
public record WarcraftMaps(int count, int size, int imageHeight, int imageWidth, byte[] images, double[] costs, double[] paths) {
    public WarcraftMaps {
        if (count < 1 || size < 1 || imageHeight < size || imageWidth < size)
            throw new IllegalArgumentException("warcraft maps: count=" + count + " size=" + size + " image " + imageHeight + "x" + imageWidth);
        if (images.length != (long) count * imageHeight * imageWidth * 3 || costs.length != count * size * size
                || (paths != null && paths.length != costs.length))
            throw new IllegalArgumentException("warcraft maps: array lengths do not match " + count + " maps of " + size + "x" + size);
    }

    /** Blobs of non-grass terrain per map, drawn uniformly from this range. */
    private static final int MIN_BLOBS = 3;
    private static final int MAX_BLOBS = 8;

    /** Seeded maps of size×size cells rendered with tile×tile pixels per cell (the published set: 12 and 8). */
    public static WarcraftMaps generate(int count, int size, int tile, long seed) {
        if (count < 1 || size < 2 || tile < 1)
            throw new IllegalArgumentException("warcraft generate: count=" + count + " size=" + size + " tile=" + tile
                    + " (need count >= 1, size >= 2, tile >= 1)");
        SplittableRandom rng = new SplittableRandom(seed);
        int side = size * tile;
        byte[] images = new byte[count * side * side * 3];
        double[] costs = new double[count * size * size];
        Terrain[] kinds = Terrain.values();
        for (int m = 0; m < count; m++) {
            Terrain[] cells = new Terrain[size * size];
            java.util.Arrays.fill(cells, Terrain.GRASS);
            int blobs = MIN_BLOBS + rng.nextInt(MAX_BLOBS - MIN_BLOBS + 1);
            for (int b = 0; b < blobs; b++) {
                Terrain t = kinds[1 + rng.nextInt(kinds.length - 1)];
                double cy = rng.nextDouble() * size, cx = rng.nextDouble() * size;
                double ry = 0.8 + rng.nextDouble() * size / 4.0, rx = 0.8 + rng.nextDouble() * size / 4.0;
                for (int y = 0; y < size; y++)
                    for (int x = 0; x < size; x++) {
                        double dy = (y + 0.5 - cy) / ry, dx = (x + 0.5 - cx) / rx;
                        if (dy * dy + dx * dx <= 1) cells[y * size + x] = t;
                    }
            }
            for (int c = 0; c < size * size; c++) {
                costs[m * size * size + c] = cells[c].cost();
                int y0 = (c / size) * tile, x0 = (c % size) * tile;
                for (int py = 0; py < tile; py++)
                    for (int px = 0; px < tile; px++) {
                        int noise = rng.nextInt(31) - 15;   // texture, so a cell is not one flat colour
                        int o = ((m * side + y0 + py) * side + x0 + px) * 3;
                        images[o] = (byte) clamp(cells[c].red() + noise);
                        images[o + 1] = (byte) clamp(cells[c].green() + noise);
                        images[o + 2] = (byte) clamp(cells[c].blue() + noise);
                    }
            }
        }
        return new WarcraftMaps(count, size, side, side, images, costs, null);
    }

    private static int clamp(int v) { return Math.max(0, Math.min(255, v)); }

    /** Reads {split}_maps.npy, {split}_vertex_weights.npy and (optional) {split}_shortest_paths.npy from a directory. */
    public static WarcraftMaps load(Path directory, String split) throws IOException {
        Path mapsFile = directory.resolve(split + "_maps.npy"), weightsFile = directory.resolve(split + "_vertex_weights.npy");
        Path pathsFile = directory.resolve(split + "_shortest_paths.npy");
        NpyArray maps = NpyArray.read(mapsFile), weights = NpyArray.read(weightsFile);
        if (maps.shape().length != 4 || maps.shape()[3] != 3)
            throw new IOException(mapsFile + ": expected N×H×W×3 RGB maps, got shape " + java.util.Arrays.toString(maps.shape()));
        if (weights.shape().length != 3 || weights.shape()[1] != weights.shape()[2])
            throw new IOException(weightsFile + ": expected N×k×k vertex weights, got shape " + java.util.Arrays.toString(weights.shape()));
        int n = maps.shape()[0], k = weights.shape()[1];
        if (weights.shape()[0] != n)
            throw new IOException(weightsFile + ": " + weights.shape()[0] + " maps of weights but " + mapsFile + " has " + n + " images");
        byte[] images = new byte[maps.values().length];
        for (int i = 0; i < images.length; i++) {
            double v = maps.values()[i];
            if (!(v >= 0 && v <= 255)) throw new IOException(mapsFile + ": pixel " + v + " at " + i + " outside 0..255");
            images[i] = (byte) (int) v;
        }
        double[] paths = null;
        if (java.nio.file.Files.isRegularFile(pathsFile)) {
            NpyArray p = NpyArray.read(pathsFile);
            if (!java.util.Arrays.equals(p.shape(), weights.shape()))
                throw new IOException(pathsFile + ": shape " + java.util.Arrays.toString(p.shape()) + " differs from the weights' "
                        + java.util.Arrays.toString(weights.shape()));
            paths = p.values();
        }
        return new WarcraftMaps(n, k, maps.shape()[1], maps.shape()[2], images, weights.values(), paths);
    }

    /** The maps as N×3×H×W network inputs scaled to [0, 1] (channels first). */
    public double[] imagesChannelsFirst() {
        double[] out = new double[images.length];
        int plane = imageHeight * imageWidth;
        for (int m = 0; m < count; m++)
            for (int p = 0; p < plane; p++)
                for (int c = 0; c < 3; c++)
                    out[(m * 3 + c) * plane + p] = (images[(m * plane + p) * 3 + c] & 0xff) / 255.0;
        return out;
    }
}
