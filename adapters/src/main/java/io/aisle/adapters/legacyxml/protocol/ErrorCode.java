package io.aisle.adapters.legacyxml.protocol;

import io.aisle.adapters.spi.PartnerFailure.Kind;
import java.util.Locale;

/**
 * The legacy chain's own error codes, sent as {@code <Error code=".." msg=".."/>} in an HTTP 200 answer,
 * and the {@link Kind} of partner failure each one is for the gateway. Codes the chain documents by
 * family: {@code E1xx} our request was refused, {@code E2xx} the chain is busy or a branch is offline,
 * {@code E5xx} the chain's system failed.
 */
public enum ErrorCode {
    /** The document is not understood: bad XML, a missing or invalid attribute, more than 20 codes in a stock query. */
    E100("bad request", Kind.REJECTED),
    /** An item code the chain does not know (holds and pick lists; a stock query leaves unknown codes out). */
    E101("unknown item", Kind.REJECTED),
    /** The branch cannot reserve every item. */
    E102("insufficient stock", Kind.REJECTED),
    /** No branch with that code. */
    E103("unknown branch", Kind.REJECTED),
    /** The reservation number was already used for another order or other items. */
    E104("reservation number already used", Kind.REJECTED),
    /** Missing or wrong {@code X-JZ-ApiKey}. */
    E110("authentication failed", Kind.REJECTED),
    /** Too many requests: the chain asks to come back after {@code retry} seconds. */
    E200("system busy", Kind.RATE_LIMITED),
    /** The branch's store system cannot be reached from the head office. */
    E201("branch offline", Kind.UNAVAILABLE),
    /** The chain's system failed. */
    E500("internal error", Kind.UNAVAILABLE);

    private final String meaning;
    private final Kind kind;

    ErrorCode(String meaning, Kind kind) {
        this.meaning = meaning;
        this.kind = kind;
    }

    /** What the chain's documentation says the code means. */
    public String meaning() {
        return meaning;
    }

    /** The failure kind the gateway reports for this code. */
    public Kind kind() {
        return kind;
    }

    /**
     * The failure kind of any code the chain may send, documented or not: a documented code as above;
     * an undocumented one by its family (E1xx REJECTED, E2xx and E5xx UNAVAILABLE); anything that is not
     * an E-code at all is not the documented shape: MALFORMED.
     */
    public static Kind kindOf(String code) {
        if (code == null || !code.matches("E\\d{3}")) {
            return Kind.MALFORMED;
        }
        try {
            return valueOf(code).kind();
        } catch (IllegalArgumentException undocumented) {
            return switch (code.charAt(1)) {
                case '1' -> Kind.REJECTED;
                case '2', '5' -> Kind.UNAVAILABLE;
                default -> Kind.MALFORMED;
            };
        }
    }

    /** The code as it appears on the wire, e.g. {@code E102}. */
    public String wire() {
        return name().toUpperCase(Locale.ROOT);
    }
}
