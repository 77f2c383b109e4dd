package io.aisle.gateway.persistence;

import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;

/** Runs something once the transaction a connection is in has committed (at once when it is in none). */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(SqlConnection tx, Runnable action) {
        Transaction transaction = tx.transaction();
        if (transaction == null) {
            action.run();
        } else {
            transaction.completion().onSuccess(ignored -> action.run());
        }
    }
}
