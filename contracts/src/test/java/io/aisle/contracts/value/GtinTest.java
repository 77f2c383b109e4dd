package io.aisle.contracts.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.Json;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GtinTest {

    @ParameterizedTest
    @ValueSource(strings = {"6902047500113", "6920178203017", "6938571000508", "4006381333931", "0000000000000"})
    void acceptsGtinsWithTheirCheckDigit(String value) {
        assertEquals(value, new Gtin(value).value());
    }

    @Test
    void refusesAWrongCheckDigitAndSaysWhichIsExpected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Gtin("6902047500114"));
        assertTrue(e.getMessage().contains("check digit") && e.getMessage().contains("expected 3"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"690204750011", "69020475001130", "", " 6902047500113"})
    void refusesCodesThatAreNotThirteenDigitsLong(String value) {
        var e = assertThrows(IllegalArgumentException.class, () -> new Gtin(value));
        assertTrue(e.getMessage().contains("13 digits"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"69020475OO113", "690204750011X", "-690204750011", "６９０２０４７５００１１３"})
    void refusesLettersAndOtherCharacters(String value) {
        assertThrows(IllegalArgumentException.class, () -> new Gtin(value));
    }

    @Test
    void refusesNull() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Gtin(null));
        assertEquals("gtin is required", e.getMessage());
    }

    @Test
    void appendsTheCheckDigitToATwelveDigitPrefix() {
        assertEquals(new Gtin("6902047500113"), Gtin.fromPrefix("690204750011"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"69020475001", "6902047500113", "69020475001a"})
    void refusesPrefixesThatAreNotTwelveDigits(String prefix) {
        assertThrows(IllegalArgumentException.class, () -> Gtin.fromPrefix(prefix));
    }

    @Test
    void isWrittenAndReadAsAPlainJsonString() throws Exception {
        assertEquals("\"6902047500113\"", Json.mapper().writeValueAsString(new Gtin("6902047500113")));
        assertEquals(new Gtin("6902047500113"), Json.mapper().readValue("\"6902047500113\"", Gtin.class));
    }

    @Property
    void fromPrefixAlwaysYieldsAValidGtin(@ForAll @StringLength(12) @NumericChars String prefix) {
        Gtin gtin = Gtin.fromPrefix(prefix);
        assertEquals(gtin, new Gtin(gtin.value()));
        assertTrue(gtin.value().startsWith(prefix));
    }

    @Property
    void changingAnyOneDigitBreaksTheCheck(@ForAll @StringLength(12) @NumericChars String prefix,
                                           @ForAll @IntRange(min = 0, max = 12) int position,
                                           @ForAll @IntRange(min = 0, max = 9) int replacement) {
        String valid = Gtin.fromPrefix(prefix).value();
        char digit = (char) ('0' + replacement);
        Assume.that(valid.charAt(position) != digit);
        String changed = valid.substring(0, position) + digit + valid.substring(position + 1);
        assertThrows(IllegalArgumentException.class, () -> new Gtin(changed));
    }
}
