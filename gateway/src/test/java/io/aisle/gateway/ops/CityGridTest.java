package io.aisle.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aisle.contracts.api.BreakerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class CityGridTest {

    @Test
    void putsTheNorthWestCornerInTheFirstCellAndTheSouthEastCornerInTheLast() {
        CityGrid grid = CityGrid.of(List.of(
                new CityGrid.Placed(30.7, 114.1, BreakerState.OPEN),
                new CityGrid.Placed(30.5, 114.5, BreakerState.CLOSED)));

        assertEquals(CityGrid.SIZE, grid.rows());
        assertEquals(CityGrid.SIZE, grid.cols());
        assertArrayEquals(new int[] {0, 0}, grid.cellOf(30.7, 114.1));
        assertArrayEquals(new int[] {CityGrid.SIZE - 1, CityGrid.SIZE - 1}, grid.cellOf(30.5, 114.5));
        assertEquals(List.of(new CityGrid.Cell(0, 0, 1, 1, 0, 0), new CityGrid.Cell(CityGrid.SIZE - 1, CityGrid.SIZE - 1, 1, 0, 0, 0)),
                grid.cells());
    }

    @Test
    void countsEveryStoreOfACellByItsState() {
        CityGrid grid = CityGrid.of(List.of(
                new CityGrid.Placed(30.0, 114.0, BreakerState.OPEN),
                new CityGrid.Placed(30.0001, 114.0001, BreakerState.HALF_OPEN),
                new CityGrid.Placed(30.0002, 114.0, BreakerState.FORCED_OPEN),
                new CityGrid.Placed(30.0, 114.0002, BreakerState.CLOSED),
                new CityGrid.Placed(31.0, 115.0, BreakerState.CLOSED)));

        CityGrid.Cell southWest = grid.cells().stream().filter(c -> c.row() == CityGrid.SIZE - 1 && c.col() == 0).findFirst().orElseThrow();
        assertEquals(new CityGrid.Cell(CityGrid.SIZE - 1, 0, 4, 1, 1, 1), southWest);
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
