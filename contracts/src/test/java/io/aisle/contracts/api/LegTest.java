package io.aisle.contracts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegTest {

    private static final Gtin RICE = new Gtin("6902047500113");
    private static final Gtin EGGS = new Gtin("6920178203017");

    @Test
    void computesItsSubtotalFromItsLines() {
        Leg leg = Leg.of("zb-0412", List.of(LegLine.of(RICE, 2, Money.fen(3990)), LegLine.of(EGGS, 1, Money.fen(2590))));
        assertEquals(Money.fen(10570), leg.subtotal());
    }

    @Test
    void refusesASubtotalThatIsNotTheSumOfItsLines() {
        List<LegLine> lines = List.of(LegLine.of(RICE, 2, Money.fen(3990)), LegLine.of(EGGS, 1, Money.fen(2590)));
        assertThrows(IllegalArgumentException.class, () -> new Leg("zb-0412", lines, Money.fen(10569)));
    }

    @Test
    void refusesALineTotalThatIsNotUnitPriceTimesQuantity() {
        assertThrows(IllegalArgumentException.class, () -> new LegLine(RICE, 2, Money.fen(3990), Money.fen(3990), null));
    }

    @Test
    void refusesLinesInAnotherCurrencyThanTheSubtotal() {
        List<LegLine> lines = List.of(LegLine.of(RICE, 1, Money.of(550, "USD")));
        assertThrows(IllegalArgumentException.class, () -> new Leg("zb-0412", lines, Money.fen(550)));
    }

    @Test
    void refusesALegWithoutLines() {
        assertThrows(IllegalArgumentException.class, () -> new Leg("zb-0412", List.of(), Money.fen(0)));
    }
}
