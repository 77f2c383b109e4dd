package io.aisle.adapters.legacyxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.value.Gtin;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProductCodeTableTest {

    private static final Gtin RICE = Gtin.fromPrefix("690100000001");
    private static final Gtin CABBAGE = Gtin.fromPrefix("211000100000");
    private static final Gtin UNMAPPED = Gtin.fromPrefix("690999999999");

    private final ProductCodeTable table = new ProductCodeTable(List.of(
            new ProductMapping("jz", RICE, "JZ-100001", 1),
            new ProductMapping("jz", CABBAGE, "JZ-200001", 2),
            new ProductMapping("other", RICE, "OT-7", 1)));

    @Test
    void answersTheChainsCodesOfMappedProductsAndLeavesOutTheRest() throws Exception {
        Map<Gtin, PartnerCode> codes = table.codesFor("jz", List.of(CABBAGE, UNMAPPED, RICE)).await(1, TimeUnit.SECONDS);

        assertEquals(List.of(CABBAGE, RICE), List.copyOf(codes.keySet()));
        assertEquals(new PartnerCode("JZ-200001", 2), codes.get(CABBAGE));
        assertEquals(PartnerCode.each("JZ-100001"), codes.get(RICE));
    }

    @Test
    void keepsEachChainsCodesApart() {
        assertEquals(PartnerCode.each("OT-7"), table.lookup("other", List.of(RICE)).get(RICE));
        assertTrue(table.lookup("unknown-chain", List.of(RICE)).isEmpty());
    }

    @Test
    void refusesTwoCodesForOneProductOrOneCodeForTwoProductsOfAChain() {
        assertThrows(IllegalArgumentException.class, () -> new ProductCodeTable(List.of(
                new ProductMapping("jz", RICE, "JZ-1", 1), new ProductMapping("jz", RICE, "JZ-2", 1))));
        assertThrows(IllegalArgumentException.class, () -> new ProductCodeTable(List.of(
                new ProductMapping("jz", RICE, "JZ-1", 1), new ProductMapping("jz", CABBAGE, "JZ-1", 2))));
    }
}
