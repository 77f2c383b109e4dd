package io.aisle.adapters.pushonly;

import io.aisle.adapters.stock.StockSnapshots.PushOutcome;
import io.aisle.contracts.partner.StockPushKind;
import io.aisle.contracts.value.Checks;

/**
 * What the gateway did with an accepted stock push (answered 202 in every case): applied it, or
 * ignored it because a newer push was already applied or because it is a DELTA without a snapshot
 * to apply it to. An applied SNAPSHOT carries the reconciliation of the store's soft holds; any other
 * push carries {@link Reconciliation#none}.
 */
public record StockPushReceipt(String chainId, String storeId, long sequence, StockPushKind kind, PushOutcome outcome,
        Reconciliation reconciliation) {

    public StockPushReceipt {
        Checks.requireText(chainId, "chainId");
        Checks.requireText(storeId, "storeId");
        Checks.requireNonNull(kind, "kind");
        Checks.requireNonNull(outcome, "outcome");
        Checks.requireNonNull(reconciliation, "reconciliation");
    }

    public boolean applied() {
        return outcome == PushOutcome.APPLIED;
    }
}
