package io.aisle.contracts.partner;

import io.aisle.contracts.value.Checks;
import java.util.List;

/** The open pick lists of one store, oldest first, as a push-only chain pulls them. */
public record PickListBatch(List<PickList> pickLists) {

    public PickListBatch {
        pickLists = Checks.copyOrEmpty(pickLists, "pickLists");
    }
}
