package io.aisle.adapters.legacyxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PartnerCodeTest {

    private final PartnerCode loose = new PartnerCode("JZ-200001", 2);
    private final PartnerCode packaged = PartnerCode.each("JZ-100234");

    @Test
    void aStockOfSevenJinIsThreeWholeUnitsOfOneKilogram() {
        assertEquals(3, loose.toUnits(7));
        assertEquals(4, loose.toUnits(8));
        assertEquals(0, loose.toUnits(1));
    }

    @Test
    void aPriceOf650FenPerJinIs1300FenPerKilogram() {
        assertEquals(1_300, loose.toUnitPrice(650));
        assertEquals(650, loose.toPartnerPrice(1_300));
    }

    @Test
    void aHoldOfTwoUnitsOfLooseProduceIsFourJin() {
        assertEquals(4, loose.toPartnerQuantity(2));
        assertTrue(loose.isWholeUnits(4));
        assertFalse(loose.isWholeUnits(3));
    }

    @Test
    void goodsSoldEachAreCountedAsTheyAre() {
        assertEquals(7, packaged.toUnits(7));
        assertEquals(7, packaged.toPartnerQuantity(7));
        assertEquals(990, packaged.toUnitPrice(990));
    }

    @Test
    void anOversoldNegativeLevelIsNothingToSell() {
        assertEquals(0, loose.toUnits(-3));
        assertEquals(0, packaged.toUnits(-1));
    }

    @Test
    void refusesACodeWithoutTextOrWithoutAPositiveRatio() {
        assertThrows(IllegalArgumentException.class, () -> new PartnerCode(" ", 1));
        assertThrows(IllegalArgumentException.class, () -> new PartnerCode("JZ-1", 0));
    }
}
