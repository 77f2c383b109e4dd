package io.aisle.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.value.Gtin;
import io.aisle.simulator.catalogue.Catalogue;
import io.aisle.simulator.catalogue.CatalogueItem;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    private final Catalogue catalogue = Catalogue.standard();

    @Test
    void listsAtLeastTwoHundredStaplesWithDistinctGtins() {
        assertTrue(catalogue.size() >= 200, "catalogue has " + catalogue.size() + " items");
        Set<Gtin> gtins = new HashSet<>();
        catalogue.items().forEach(item -> gtins.add(item.gtin()));
        assertEquals(catalogue.size(), gtins.size());
    }

    @Test
    void coversTheLockdownBasket() {
        Set<String> categories = new HashSet<>();
        catalogue.items().forEach(item -> categories.add(item.category()));
        for (String staple : List.of("rice", "flour", "cooking-oil", "eggs", "noodles", "milk", "vegetables", "masks",
                "sanitiser", "toilet-paper", "soap", "salt", "sugar", "sauces")) {
            assertTrue(categories.contains(staple), "no " + staple + " in " + categories);
        }
    }

    @Test
    void sellsProduceLooseByTheJin() {
        List<CatalogueItem> loose = catalogue.items().stream().filter(CatalogueItem::loose).toList();
        assertFalse(loose.isEmpty());
        loose.forEach(item -> {
            assertEquals(500, item.weightGrams(), item.name());
            assertEquals("500 g", item.unit(), item.name());
        });
    }

    @Test
    void findsProductsByGtinAndText() {
        CatalogueItem rice = catalogue.search("rice").get(0);
        assertEquals(rice, catalogue.find(rice.gtin()).orElseThrow());
        assertEquals(rice, catalogue.item(catalogue.indexOf(rice.gtin())));
        assertTrue(catalogue.find(Gtin.fromPrefix("400000000000")).isEmpty());
        assertEquals(-1, catalogue.indexOf(Gtin.fromPrefix("400000000000")));
    }

    @Test
    void givesTheSameGtinsEveryTimeItIsBuilt() {
        String table = "P|Test Rice|rice|dry|A1|Alpha,Beta|5 kg bag:5kg:5000:4990\nL|Tomato|vegetables|fresh|F1|398\n";
        assertEquals(Catalogue.parse(table).items(), Catalogue.parse(table).items());
        assertEquals(3, Catalogue.parse(table).size());
    }

    @Test
    void refusesAMalformedTableWithTheLineNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Catalogue.parse("# header\nP|Rice|rice|dry|A1|Alpha|5 kg bag:5kg:5000\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
