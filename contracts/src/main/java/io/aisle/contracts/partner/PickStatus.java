package io.aisle.contracts.partner;

public enum PickStatus {
    PICKED,
    SHORT,
    SUBSTITUTED
}
