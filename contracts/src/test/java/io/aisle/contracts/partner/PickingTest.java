package io.aisle.contracts.partner;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pick lines add up; pick results say what became of each requested unit. */
class PickingTest {

    private static final Gtin RICE = new Gtin("6902047500113");
    private static final Gtin EGGS = new Gtin("6920178203017");
    private static final Gtin EGGS_10 = new Gtin("6920178201037");

    @Test
    void acceptsAPickLineWhoseSplitAddsUpToItsQuantity() {
        assertDoesNotThrow(() -> new PickLine(RICE, 3, "Z1", "A04",
                List.of(new OrderSplit("ord-1", 2), new OrderSplit("ord-2", 1))));
    }

    @Test
    void refusesAPickLineWhoseSplitDoesNotAddUp() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PickLine(RICE, 4, "Z1", "A04",
                List.of(new OrderSplit("ord-1", 2), new OrderSplit("ord-2", 1))));
        assertTrue(e.getMessage().contains("(3)"), e.getMessage());
    }

    @Test
    void refusesAPickLineForNoOrder() {
        assertThrows(IllegalArgumentException.class, () -> new PickLine(RICE, 1, "Z1", "A04", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new OrderSplit("ord-1", 0));
    }

    @Test
    void refusesAPickedLineThatIsNotComplete() {
        assertThrows(IllegalArgumentException.class,
                () -> new PickResultLine("ord-1", RICE, PickStatus.PICKED, 2, 1, null, 0, null));
    }

    @Test
    void refusesPickingMoreThanRequested() {
        assertThrows(IllegalArgumentException.class,
                () -> new PickResultLine("ord-1", RICE, PickStatus.SHORT, 2, 3, null, 0, null));
    }

    @Test
    void aSubstitutionNamesTheSubstituteItsQuantityAndPrice() {
        assertThrows(IllegalArgumentException.class,
                () -> new PickResultLine("ord-1", EGGS, PickStatus.SUBSTITUTED, 2, 0, EGGS_10, 0, Money.fen(990)));
        assertThrows(IllegalArgumentException.class,
                () -> new PickResultLine("ord-1", EGGS, PickStatus.SUBSTITUTED, 2, 0, null, 6, Money.fen(990)));
        assertDoesNotThrow(() -> new PickResultLine("ord-1", EGGS, PickStatus.SUBSTITUTED, 2, 0, EGGS_10, 6, Money.fen(990)));
    }

    @Test
    void refusesAnEmptyStockQueryAndOneOfMoreThanAHundredProducts() {
        assertThrows(IllegalArgumentException.class, () -> new StockQuery(List.of()));
        List<Gtin> many = java.util.stream.IntStream.range(0, 101).mapToObj(i -> Gtin.fromPrefix("69000000%04d".formatted(i))).toList();
        assertThrows(IllegalArgumentException.class, () -> new StockQuery(many));
    }

    @Test
    void refusesAHoldRequestWithoutLines() {
        assertThrows(IllegalArgumentException.class,
                () -> new HoldRequest("hld-1", "ord-1", List.of(), java.time.Instant.parse("2026-03-02T02:30:05Z")));
    }
}
