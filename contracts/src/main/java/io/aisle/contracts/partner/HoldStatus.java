package io.aisle.contracts.partner;

public enum HoldStatus {
    HELD,
    RELEASED,
    EXPIRED
}
