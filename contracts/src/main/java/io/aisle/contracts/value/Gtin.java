package io.aisle.contracts.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A GTIN-13 (EAN-13) product code: thirteen digits whose last digit is the GS1 check digit.
 * Serialised as a plain JSON string.
 */
public record Gtin(String value) implements Comparable<Gtin> {

    public Gtin {
        if (value == null) {
            throw new IllegalArgumentException("gtin is required");
        }
        if (value.length() != 13 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("gtin must be 13 digits, got '" + value + "'");
        }
        int expected = checkDigit(value.substring(0, 12));
        if (value.charAt(12) - '0' != expected) {
            throw new IllegalArgumentException("gtin " + value + " has a wrong check digit (expected " + expected + ")");
        }
    }

    @JsonCreator
    public static Gtin of(String value) {
        return new Gtin(value);
    }

    /** Builds a valid GTIN-13 from its first twelve digits by appending the check digit. */
    public static Gtin fromPrefix(String twelveDigits) {
        if (twelveDigits == null || twelveDigits.length() != 12
                || !twelveDigits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("a GTIN-13 prefix is 12 digits, got '" + twelveDigits + "'");
        }
        return new Gtin(twelveDigits + checkDigit(twelveDigits));
    }

    /** GS1 mod-10: weights 1 and 3 alternate from the left over the first twelve digits. */
    static int checkDigit(String twelveDigits) {
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            int digit = twelveDigits.charAt(i) - '0';
            sum += (i % 2 == 0) ? digit : digit * 3;
        }
        return (10 - sum % 10) % 10;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(Gtin other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
