package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.util.List;

/** The answer to {@code GET /v1/admin/chains}: every chain of the registry, by id. */
public record ChainList(List<ChainDetails> chains) {

    public ChainList {
        chains = Checks.copyOrEmpty(chains, "chains");
    }
}
