package io.aisle.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aisle.contracts.problem.Problem;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failures of PostgreSQL itself are an outage (503, retry), not a bug of the gateway (500). */
class ProblemsTest {

    @ParameterizedTest(name = "SQLSTATE {0} answers 503")
    @ValueSource(strings = {"57P03", "57P01", "57P02", "08006", "08001", "53300"})
    void postgresqlStartingUpShuttingDownOrOutOfConnectionsIsAnOutage(String sqlState) {
        Problem problem = Problems.toProblem(new PgException("the database system is starting up", "FATAL", sqlState, null), 0);

        assertEquals(503, problem.status());
        assertEquals(Problem.TYPE_BASE + "unavailable", problem.type());
    }

    @Test
    void aConnectionResetUnderAQueryOrAClosedRedisConnectionIsAnOutage() {
        // what the PG client fails with when PostgreSQL is stopped in immediate mode mid-query, and the Redis client's closed connection
        assertEquals(503, Problems.toProblem(new java.net.SocketException("Connection reset"), 0).status());
        assertEquals(503, Problems.toProblem(new io.vertx.core.VertxException("Connection is not active now, current status: CLOSED"), 0).status());
        assertEquals(500, Problems.toProblem(new IllegalStateException("a bug"), 0).status());
    }

    @ParameterizedTest(name = "SQLSTATE {0} stays a 500")
    @ValueSource(strings = {"42P01", "23505"})
    void anErrorInAStatementIsNotAnOutage(String sqlState) {
        assertEquals(500, Problems.toProblem(new PgException("broken", "ERROR", sqlState, null), 0).status());
    }
}
