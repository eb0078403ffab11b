package org.newton4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarcraftMapsTest {
    @TempDir
    Path dir;

    @Test
    void generatorIsSeededAndRendersEachCellInItsTerrainColour() {
        WarcraftMaps a = WarcraftMaps.generate(4, 12, 8, 42), b = WarcraftMaps.generate(4, 12, 8, 42);
        assertArrayEquals(a.images(), b.images());
        assertArrayEquals(a.costs(), b.costs());
        assertTrue(!java.util.Arrays.equals(a.costs(), WarcraftMaps.generate(4, 12, 8, 43).costs()));
        assertEquals(96, a.imageHeight());
        Set<Double> costs = new HashSet<>();
        for (int m = 0; m < 4; m++)
            for (int c = 0; c < 144; c++) {
                double cost = a.costs()[m * 144 + c];
                costs.add(cost);
                Terrain t = java.util.Arrays.stream(Terrain.values()).filter(x -> x.cost() == cost).findFirst().orElseThrow();
                // mean colour of the tile is the terrain's colour up to the texture noise
                double red = 0;
                int y0 = (c / 12) * 8, x0 = (c % 12) * 8;
                for (int py = 0; py < 8; py++)
                    for (int px = 0; px < 8; px++) red += a.images()[((m * 96 + y0 + py) * 96 + x0 + px) * 3] & 0xff;
                assertEquals(t.red(), red / 64, 6.0, "tile " + c + " of map " + m);
            }
        assertTrue(costs.size() >= 3, "maps mix terrains: " + costs);
        assertThrows(IllegalArgumentException.class, () -> WarcraftMaps.generate(0, 12, 8, 1));
    }

    @Test
    void loadsThePublishedArrayLayout() throws IOException {
        WarcraftMaps g = WarcraftMaps.generate(3, 6, 4, 7);
        double[] pixels = new double[g.images().length];
        for (int i = 0; i < pixels.length; i++) pixels[i] = g.images()[i] & 0xff;
        new NpyArray(new int[] {3, 24, 24, 3}, "|u1", pixels).write(dir.resolve("train_maps.npy"));
        new NpyArray(new int[] {3, 6, 6}, "<f4", g.costs()).write(dir.resolve("train_vertex_weights.npy"));
        WarcraftMaps noPaths = WarcraftMaps.load(dir, "train");
        assertArrayEquals(g.images(), noPaths.images());
        assertArrayEquals(g.costs(), noPaths.costs(), 1e-6);
        assertNull(noPaths.paths());
        double[] paths = new double[3 * 36];
        for (int i = 0; i < paths.length; i += 7) paths[i] = 1;
        new NpyArray(new int[] {3, 6, 6}, "|b1", paths).write(dir.resolve("train_shortest_paths.npy"));
        assertArrayEquals(paths, WarcraftMaps.load(dir, "train").paths());
        double[] chw = noPaths.imagesChannelsFirst();
        assertEquals((g.images()[3 * 5 + 1] & 0xff) / 255.0, chw[576 + 5], 1e-15, "green of pixel 5 of map 0");
        new NpyArray(new int[] {2, 6, 6}, "<f4", new double[72]).write(dir.resolve("train_vertex_weights.npy"));
        assertTrue(assertThrows(IOException.class, () -> WarcraftMaps.load(dir, "train")).getMessage().contains("2 maps of weights"));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> WarcraftMaps.load(dir, "test"));
    }
}
