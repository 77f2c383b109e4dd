package io.aisle.gateway.ops;

import io.aisle.contracts.api.BreakerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The city as a grid of square cells over the stores' extent (16 by 16, or one cell when every store is
 * in one place), row 0 to the north, column 0 to the west: how many stores each cell holds and how many of them are open (failing), half open or
 * forced open (paused, or outside their hours). Only cells that hold a store are listed.
 */
public record CityGrid(double minLat, double maxLat, double minLon, double maxLon, int rows, int cols, List<Cell> cells) {

    /** The cells a side of the grid has at most. */
    public static final int SIZE = 16;

    public CityGrid {
        cells = List.copyOf(cells);
    }

    public record Cell(int row, int col, int stores, int open, int halfOpen, int forcedOpen) {
    }

    /** A store on the map, in a state. */
    public record Placed(double lat, double lon, BreakerState state) {
    }

    public static CityGrid of(List<Placed> stores) {
        if (stores.isEmpty()) {
            return new CityGrid(0, 0, 0, 0, 0, 0, List.of());
        }
        double minLat = Double.MAX_VALUE;
        double maxLat = -Double.MAX_VALUE;
        double minLon = Double.MAX_VALUE;
        double maxLon = -Double.MAX_VALUE;
        for (Placed store : stores) {
            minLat = Math.min(minLat, store.lat());
            maxLat = Math.max(maxLat, store.lat());
            minLon = Math.min(minLon, store.lon());
            maxLon = Math.max(maxLon, store.lon());
        }
        // a square of SIZE x SIZE cells, square on the ground too: the longer side of the stores' extent, centred
        double midLat = (minLat + maxLat) / 2;
        double midLon = (minLon + maxLon) / 2;
        double metresPerLonDegree = Math.max(0.01, Math.cos(Math.toRadians(midLat)));
        double side = Math.max(maxLat - minLat, (maxLon - minLon) * metresPerLonDegree);
        int rows = side > 0 ? SIZE : 1;
        int cols = rows;
        if (side > 0) {
            minLat = midLat - side / 2;
            maxLat = midLat + side / 2;
            minLon = midLon - side / metresPerLonDegree / 2;
            maxLon = midLon + side / metresPerLonDegree / 2;
        }
        Map<Integer, int[]> counts = new TreeMap<>();
        for (Placed store : stores) {
            int row = index(maxLat - store.lat(), maxLat - minLat, rows);
            int col = index(store.lon() - minLon, maxLon - minLon, cols);
            int[] cell = counts.computeIfAbsent(row * cols + col, k -> new int[4]);
            cell[0]++;
            switch (store.state()) {
                case OPEN -> cell[1]++;
                case HALF_OPEN -> cell[2]++;
                case FORCED_OPEN -> cell[3]++;
                default -> { }
            }
        }
        List<Cell> cells = new ArrayList<>(counts.size());
        int columns = cols;
        counts.forEach((key, c) -> cells.add(new Cell(key / columns, key % columns, c[0], c[1], c[2], c[3])));
        return new CityGrid(minLat, maxLat, minLon, maxLon, rows, cols, cells);
    }

    /** The cell of a store {@code offset} from the grid's edge along a side {@code span} long; the far edge is in the last cell. */
    static int index(double offset, double span, int cells) {
        if (cells == 1 || span <= 0) {
            return 0;
        }
        return Math.min(cells - 1, Math.max(0, (int) Math.floor(offset / span * cells)));
    }

    /** The cell of a point: its row and column. */
    public int[] cellOf(double lat, double lon) {
        return new int[] {index(maxLat - lat, maxLat - minLat, rows), index(lon - minLon, maxLon - minLon, cols)};
    }
}
