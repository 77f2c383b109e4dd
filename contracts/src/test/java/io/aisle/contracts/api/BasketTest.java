package io.aisle.contracts.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.value.GeoPoint;
import io.aisle.contracts.value.Gtin;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Basket lines, substitution policies, quote and order requests check themselves. */
class BasketTest {

    private static final GeoPoint HOME = new GeoPoint(30.5872, 114.2754);
    private static final Gtin RICE = new Gtin("6902047500113");
    private static final Gtin JASMINE_RICE = new Gtin("6903588100350");
    private static final Gtin EGGS = new Gtin("6920178203017");

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 999})
    void acceptsQuantitiesFromOneTo999(int quantity) {
        assertEquals(quantity, new BasketLine(RICE, quantity).quantity());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1000})
    void refusesQuantitiesOutsideOneTo999(int quantity) {
        var e = assertThrows(IllegalArgumentException.class, () -> new BasketLine(RICE, quantity));
        assertTrue(e.getMessage().startsWith("quantity"), e.getMessage());
    }

    @Test
    void acceptsNoSubstituteWhenTheLineSaysNothing() {
        assertEquals(Substitution.NONE, new BasketLine(RICE, 1, null).substitution());
    }

    @Test
    void refusesALineThatOffersItselfAsItsOwnAlternate() {
        var alternates = new Substitution(SubstitutionMode.ALTERNATES, List.of(JASMINE_RICE, RICE));
        assertThrows(IllegalArgumentException.class, () -> new BasketLine(RICE, 1, alternates));
    }

    @Test
    void keepsAlternatesInTheOrderGiven() {
        var gtins = List.of(JASMINE_RICE, new Gtin("6902047500281"));
        assertEquals(gtins, new Substitution(SubstitutionMode.ALTERNATES, gtins).alternates());
    }

    @Test
    void refusesAlternatesModeWithoutAlternates() {
        assertThrows(IllegalArgumentException.class, () -> new Substitution(SubstitutionMode.ALTERNATES, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Substitution(SubstitutionMode.ALTERNATES, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONE", "SIMILAR"})
    void refusesAlternatesWhenTheModeDoesNotUseThem(SubstitutionMode mode) {
        assertThrows(IllegalArgumentException.class, () -> new Substitution(mode, List.of(JASMINE_RICE)));
    }

    @Test
    void refusesMoreThanTenAlternates() {
        List<Gtin> eleven = IntStream.range(0, 11).mapToObj(i -> Gtin.fromPrefix("69358810%04d".formatted(i))).toList();
        assertThrows(IllegalArgumentException.class, () -> new Substitution(SubstitutionMode.ALTERNATES, eleven));
        assertDoesNotThrow(() -> new Substitution(SubstitutionMode.ALTERNATES, eleven.subList(0, 10)));
    }

    @Test
    void refusesTheSameAlternateTwice() {
        assertThrows(IllegalArgumentException.class,
                () -> new Substitution(SubstitutionMode.ALTERNATES, List.of(JASMINE_RICE, JASMINE_RICE)));
    }

    @Test
    void refusesABasketNamingAProductTwice() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new QuoteRequest(HOME, List.of(new BasketLine(RICE, 1), new BasketLine(EGGS, 1), new BasketLine(RICE, 2)), null));
        assertTrue(e.getMessage().contains(RICE.value()), e.getMessage());
    }

    @Test
    void refusesAnEmptyBasketOrOneOfMoreThanAHundredLines() {
        assertThrows(IllegalArgumentException.class, () -> new QuoteRequest(HOME, List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new QuoteRequest(HOME, null, null));
        List<BasketLine> lines = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            lines.add(new BasketLine(Gtin.fromPrefix("69000000%04d".formatted(i)), 1));
        }
        assertThrows(IllegalArgumentException.class, () -> new QuoteRequest(HOME, lines, null));
        assertDoesNotThrow(() -> new QuoteRequest(HOME, lines.subList(0, 100), null));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, -1})
    void refusesMaxStoresOutsideOneToFive(int maxStores) {
        var e = assertThrows(IllegalArgumentException.class, () -> new QuoteRequest(HOME, List.of(new BasketLine(RICE, 1)), maxStores));
        assertTrue(e.getMessage().startsWith("maxStores"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5})
    void acceptsMaxStoresFromOneToFive(int maxStores) {
        assertEquals(maxStores, new QuoteRequest(HOME, List.of(new BasketLine(RICE, 1)), maxStores).maxStores());
    }

    @Test
    void refusesAQuoteWithoutDeliveryAddress() {
        var e = assertThrows(IllegalArgumentException.class, () -> new QuoteRequest(null, List.of(new BasketLine(RICE, 1)), null));
        assertEquals("deliveryAddress is required", e.getMessage());
    }

    @Test
    void ordersAreStandardPriorityUnlessSaidOtherwise() {
        OrderRequest order = new OrderRequest(HOME, List.of(new BasketLine(RICE, 2)), null, "hh-88412", false, null, null);
        assertEquals(PriorityClass.STANDARD, order.priority());
    }

    @Test
    void anOrderQuotesItsOwnBasket() {
        List<BasketLine> lines = List.of(new BasketLine(RICE, 2), new BasketLine(EGGS, 1));
        OrderRequest order = new OrderRequest(HOME, lines, 2, "hh-88412", true, PriorityClass.HOSPITAL, new Dropoff(DropoffMode.HAND_TO_STAFF, "guard booth"));
        assertEquals(new QuoteRequest(HOME, lines, 2), order.quote());
    }

    @Test
    void refusesAnOrderWithoutCustomerRefOrWithAnOverlongOne() {
        List<BasketLine> lines = List.of(new BasketLine(RICE, 2));
        assertThrows(IllegalArgumentException.class, () -> new OrderRequest(HOME, lines, null, " ", false, null, null));
        assertThrows(IllegalArgumentException.class, () -> new OrderRequest(HOME, lines, null, "x".repeat(129), false, null, null));
    }

    @Test
    void refusesAnOrderWithTheBasketFaultsOfAQuote() {
        List<BasketLine> twice = List.of(new BasketLine(RICE, 1), new BasketLine(RICE, 1));
        assertThrows(IllegalArgumentException.class, () -> new OrderRequest(HOME, twice, null, "hh-1", false, null, null));
        List<BasketLine> once = List.of(new BasketLine(RICE, 1));
        assertThrows(IllegalArgumentException.class, () -> new OrderRequest(HOME, once, 9, "hh-1", false, null, null));
    }

    @Test
    void refusesDropoffInstructionsLongerThan500Characters() {
        assertThrows(IllegalArgumentException.class, () -> new Dropoff(DropoffMode.LEAVE_AT_DOOR, "x".repeat(501)));
        assertDoesNotThrow(() -> new Dropoff(DropoffMode.LEAVE_AT_DOOR, "x".repeat(500)));
    }
}
