package org.newton4j.path;

/**
 * The H×W 8-connected grid graph both path solvers work on: cells row-major, source cell 0
 * (top-left), target cell H·W−1 (bottom-right), neighbours in row-major 3×3 order without the centre.
 */
public final class GridGraph {
    /** Row and column offsets of the 8 neighbours, in the order kernels/common/path.h uses. */
    static final int[] DR = {-1, -1, -1, 0, 0, 1, 1, 1};
    static final int[] DC = {-1, 0, 1, -1, 1, -1, 0, 1};

    /** Grids may be at most this many cells wide or high. */
    public static final int MAX_SIDE = 32;

    private final int height, width;
    private final int[] neighbours;   // cells*8, −1 outside the grid
    private final int[] chebyshev;    // distance from the source in moves

    public GridGraph(int height, int width) {
        if (height < 1 || height > MAX_SIDE) throw new IllegalArgumentException("height: must be in [1, " + MAX_SIDE + "], got " + height);
        if (width < 1 || width > MAX_SIDE) throw new IllegalArgumentException("width: must be in [1, " + MAX_SIDE + "], got " + width);
        if (height * width < 2) throw new IllegalArgumentException("height, width: the grid needs at least 2 cells, got " + height + "x" + width);
        this.height = height;
        this.width = width;
        int n = height * width;
        neighbours = new int[n * 8];
        chebyshev = new int[n];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                int v = r * width + c;
                chebyshev[v] = Math.max(r, c);
                for (int k = 0; k < 8; k++) {
                    int rr = r + DR[k], cc = c + DC[k];
                    neighbours[v * 8 + k] = rr >= 0 && rr < height && cc >= 0 && cc < width ? rr * width + cc : -1;
                }
            }
        }
    }

    public int height() { return height; }
    public int width() { return width; }
    public int cells() { return height * width; }
    public int target() { return height * width - 1; }

    /** The k-th neighbour of cell v, or −1 outside the grid. */
    public int neighbour(int v, int k) { return neighbours[v * 8 + k]; }

    /** Moves from the source to cell v (the Chebyshev distance): v is reached after that many relaxations. */
    public int reachedAfter(int v) { return chebyshev[v]; }
}
