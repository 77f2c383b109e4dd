package io.aisle.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.api.BreakerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class CityGridTest {

    @Test
    void putsNorthInTheFirstRowsAndWestInTheFirstColumns() {
        CityGrid grid = CityGrid.of(List.of(
                new CityGrid.Placed(30.7, 114.1, BreakerState.OPEN),
                new CityGrid.Placed(30.5, 114.5, BreakerState.CLOSED)));

        assertEquals(CityGrid.SIZE, grid.rows());
        assertEquals(CityGrid.SIZE, grid.cols());
        int[] northWest = grid.cellOf(30.7, 114.1);
        int[] southEast = grid.cellOf(30.5, 114.5);
        assertEquals(0, northWest[1], "the westernmost store is in the first column");
        assertEquals(CityGrid.SIZE - 1, southEast[1], "the easternmost in the last");
        assertTrue(northWest[0] < southEast[0], "north is up");
        assertEquals(List.of(new CityGrid.Cell(northWest[0], 0, 1, 1, 0, 0), new CityGrid.Cell(southEast[0], CityGrid.SIZE - 1, 1, 0, 0, 0)),
                grid.cells());
    }

    @Test
    void makesCellsSquareOnTheGroundWhenTheStoresLieAlongALine() {
        CityGrid grid = CityGrid.of(List.of(
                new CityGrid.Placed(30.001, 114.3, BreakerState.CLOSED),
                new CityGrid.Placed(30.002, 114.3, BreakerState.CLOSED),
                new CityGrid.Placed(30.003, 114.3, BreakerState.OPEN)));

        assertEquals(CityGrid.SIZE, grid.rows());
        assertEquals(CityGrid.SIZE, grid.cols());
        double latSpan = grid.maxLat() - grid.minLat();
        double lonSpanOnTheGround = (grid.maxLon() - grid.minLon()) * Math.cos(Math.toRadians(30.002));
        assertEquals(latSpan, lonSpanOnTheGround, latSpan * 1e-6, "as wide as high on the ground");
        assertEquals(0, grid.cellOf(30.003, 114.3)[0], "the northernmost store is in the first row");
        assertEquals(CityGrid.SIZE - 1, grid.cellOf(30.001, 114.3)[0], "the southernmost in the last");
    }

    @Test
    void countsEveryStoreOfACellByItsState() {
        CityGrid grid = CityGrid.of(List.of(
                new CityGrid.Placed(30.0, 114.0, BreakerState.OPEN),
                new CityGrid.Placed(30.0001, 114.0001, BreakerState.HALF_OPEN),
                new CityGrid.Placed(30.0002, 114.0, BreakerState.FORCED_OPEN),
                new CityGrid.Placed(30.0, 114.0002, BreakerState.CLOSED),
                new CityGrid.Placed(31.0, 115.0, BreakerState.CLOSED)));

        int[] at = grid.cellOf(30.0, 114.0);
        CityGrid.Cell southWest = grid.cells().stream().filter(c -> c.row() == at[0] && c.col() == at[1]).findFirst().orElseThrow();
        assertEquals(new CityGrid.Cell(at[0], at[1], 4, 1, 1, 1), southWest);
        assertEquals(5, grid.cells().stream().mapToInt(CityGrid.Cell::stores).sum(), "every store is in one cell");
    }

    @Test
    void storesAllInOnePlaceMakeOneCellAndNoStoresNone() {
        CityGrid one = CityGrid.of(List.of(new CityGrid.Placed(30.5, 114.3, BreakerState.CLOSED),
                new CityGrid.Placed(30.5, 114.3, BreakerState.OPEN)));
        assertEquals(1, one.rows());
        assertEquals(1, one.cols());
        assertEquals(List.of(new CityGrid.Cell(0, 0, 2, 1, 0, 0)), one.cells());
        assertEquals(0, CityGrid.of(List.of()).cells().size());
    }
}
