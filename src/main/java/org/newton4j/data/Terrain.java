package org.newton4j.data;

/**
 * Terrain of a Warcraft-style map cell: the vertex cost a path pays to enter it and the colour its
 * tile is drawn in. Costs follow the Warcraft shortest-path benchmark (Vlastelica et al. 2020),
 * whose maps use a handful of terrain costs between 0.8 and 9.2.
 */
public enum Terrain {
    GRASS(0.8, 86, 150, 58),
    ROAD(1.2, 196, 170, 112),
    FOREST(5.3, 28, 84, 36),
    MOUNTAIN(7.7, 120, 110, 100),
    WATER(9.2, 40, 80, 170);

    private final double cost;
    private final int red;
    private final int green;
    private final int blue;

    Terrain(double cost, int red, int green, int blue) {
        this.cost = cost;
        this.red = red;
        this.green = green;
        this.blue = blue;
    }

    public double cost() { return cost; }

    public int red() { return red; }

    public int green() { return green; }

    public int blue() { return blue; }
}
