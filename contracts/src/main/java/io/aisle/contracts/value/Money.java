package io.aisle.contracts.value;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of money in integer minor units (fen for CNY) with its ISO 4217 currency.
 * Never negative: refunds and discounts are recorded as their own positive amounts.
 */
public record Money(@JsonProperty(required = true) long amount, String currency) implements Comparable<Money> {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    public static final String CNY = "CNY";

    public Money {
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code such as CNY, got '" + currency + "'");
        }
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative, got " + amount);
        }
    }

    public static Money of(long amount, String currency) {
        return new Money(amount, currency);
    }

    public static Money fen(long fen) {
        return new Money(fen, CNY);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amount, other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amount, other.amount), currency);
    }

    public Money times(long factor) {
        if (factor < 0) {
            throw new IllegalArgumentException("factor must not be negative, got " + factor);
        }
        return new Money(Math.multiplyExact(amount, factor), currency);
    }

    private void requireSameCurrency(Money other) {
        Objects.requireNonNull(other, "other");
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(amount, other.amount);
    }
}
