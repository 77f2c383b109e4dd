package io.aisle.loadtest.kit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs SQL statements against PostgreSQL over JDBC and prints each result row tab-separated, for the
 * kit's set-up and figures without a psql client on the machine (CI, embedded servers).
 *
 * <pre>java -cp ... io.aisle.loadtest.kit.Sql jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres "show fsync" ...</pre>
 */
public final class Sql {

    private Sql() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: Sql JDBC_URL STATEMENT...");
        }
        try (Connection connection = DriverManager.getConnection(args[0]); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            for (int i = 1; i < args.length; i++) {
                if (statement.execute(args[i])) {
                    try (ResultSet rows = statement.getResultSet()) {
                        ResultSetMetaData meta = rows.getMetaData();
                        while (rows.next()) {
                            List<String> cells = new ArrayList<>();
                            for (int c = 1; c <= meta.getColumnCount(); c++) {
                                cells.add(String.valueOf(rows.getObject(c)));
                            }
                            System.out.println(String.join("\t", cells));
                        }
                    }
                }
            }
        }
    }
}
