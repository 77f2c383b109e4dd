package io.aisle.contracts.partner;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;

/**
 * What was picked of one product for one order. {@code picked} counts units of the requested product;
 * a substitute, when any, is named with its quantity and unit price.
 */
public record PickResultLine(
        String orderId,
        Gtin gtin,
        PickStatus status,
        @JsonProperty(required = true) int requested,
        @JsonProperty(required = true) int picked,
        Gtin substituteGtin,
        int substituteQuantity,
        Money substituteUnitPrice) {

    public PickResultLine {
        Checks.requireId(orderId, "orderId");
        Checks.requireNonNull(gtin, "gtin");
        Checks.requireNonNull(status, "status");
        Checks.requirePositive(requested, "requested");
        Checks.requireNonNegative(picked, "picked");
        Checks.requireNonNegative(substituteQuantity, "substituteQuantity");
        if (picked > requested) {
            throw new IllegalArgumentException("picked must not exceed requested for " + gtin);
        }
        if (status == PickStatus.SUBSTITUTED && (substituteGtin == null || substituteQuantity == 0 || substituteUnitPrice == null)) {
            throw new IllegalArgumentException("a SUBSTITUTED line names substituteGtin, substituteQuantity and substituteUnitPrice");
        }
        if (status == PickStatus.PICKED && picked != requested) {
            throw new IllegalArgumentException("a PICKED line has picked == requested for " + gtin);
        }
    }
}
