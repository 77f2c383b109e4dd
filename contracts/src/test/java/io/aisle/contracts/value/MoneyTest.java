package io.aisle.contracts.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.aisle.contracts.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    @Test
    void refusesANegativeAmount() {
        var e = assertThrows(IllegalArgumentException.class, () -> Money.fen(-1));
        assertTrue(e.getMessage().contains("amount"), e.getMessage());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"cny", "CN", "CNYY", "¥", ""})
    void refusesACurrencyThatIsNotAnIso4217Code(String currency) {
        var e = assertThrows(IllegalArgumentException.class, () -> Money.of(100, currency));
        assertTrue(e.getMessage().contains("currency"), e.getMessage());
    }

    @Test
    void addsSubtractsAndMultipliesInMinorUnits() {
        assertEquals(Money.fen(6580), Money.fen(3990).plus(Money.fen(2590)));
        assertEquals(Money.fen(1400), Money.fen(3990).minus(Money.fen(2590)));
        assertEquals(Money.fen(11970), Money.fen(3990).times(3));
        assertEquals(Money.zero("CNY"), Money.fen(3990).times(0));
    }

    @Test
    void refusesToCombineCurrencies() {
        Money yuan = Money.fen(100);
        Money dollars = Money.of(100, "USD");
        assertThrows(IllegalArgumentException.class, () -> yuan.plus(dollars));
        assertThrows(IllegalArgumentException.class, () -> yuan.minus(dollars));
        assertThrows(IllegalArgumentException.class, () -> yuan.compareTo(dollars));
    }

    @Test
    void refusesASubtractionBelowZero() {
        assertThrows(IllegalArgumentException.class, () -> Money.fen(100).minus(Money.fen(101)));
    }

    @Test
    void refusesANegativeFactor() {
        assertThrows(IllegalArgumentException.class, () -> Money.fen(100).times(-2));
    }

    @Test
    void failsLoudlyInsteadOfOverflowing() {
        assertThrows(ArithmeticException.class, () -> Money.fen(Long.MAX_VALUE).plus(Money.fen(1)));
        assertThrows(ArithmeticException.class, () -> Money.fen(Long.MAX_VALUE / 2 + 1).times(2));
    }

    @Test
    void comparesAmountsOfOneCurrency() {
        assertTrue(Money.fen(2590).compareTo(Money.fen(3990)) < 0);
        assertEquals(0, Money.fen(3990).compareTo(Money.fen(3990)));
    }

    @Test
    void isWrittenAsIntegerMinorUnitsWithItsCurrency() throws Exception {
        assertEquals("{\"amount\":3990,\"currency\":\"CNY\"}", Json.mapper().writeValueAsString(Money.fen(3990)));
    }

    @Test
    void refusesAFractionalAmountNamingTheField() {
        var e = assertThrows(JsonMappingException.class,
                () -> Json.mapper().readValue("{\"amount\":39.9,\"currency\":\"CNY\"}", Money.class));
        assertTrue(e.getMessage().contains("\"amount\""), e.getMessage());
    }
}
