package io.aisle.gateway.testing;

import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check every gateway test's answers go through finds what drifts from the documents: a server
 * of the test's own answers as told, and the check must refuse the drifted answers and pass the
 * documented ones.
 */
class ContractCheckTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static volatile Answer next;

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = await(vertx.createHttpServer().requestHandler(request -> {
            Answer answer = next;
            answer.headers().forEach(request.response()::putHeader);
            request.response().setStatusCode(answer.status()).end(answer.body());
        }).listen(0, "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        await(server.close());
        await(vertx.close());
    }

    @Test
    void passesAnswersAsDocumented() {
        assertEquals(200, answered(new Answer(200, Map.of("Content-Type", "application/json"),
                "{\"status\":\"UP\",\"checks\":{\"postgres\":\"UP\",\"redis\":\"UP\"}}"), "/health/ready").statusCode());
        assertEquals(429, answered(new Answer(429, Map.of("Content-Type", "application/problem+json", "Retry-After", "3"),
                problem("rate-limited", 429)), "/v1/catalog").statusCode());
        assertEquals(404, answered(new Answer(404, Map.of("Content-Type", "application/problem+json"),
                problem("not-found", 404)), "/v1/nothing-here").statusCode());
    }

    @Test
    void refusesAnAnswerOfAnotherShapeThanItsSchema() {
        String drift = drift(new Answer(200, Map.of("Content-Type", "application/json"),
                "{\"status\":\"UP\",\"checks\":{\"postgres\":{\"status\":\"UP\",\"detail\":\"schema version 3\"}}}"), "/health/ready");
        assertTrue(drift.contains("getReadiness 200: does not match HealthReport"), drift);
    }

    @Test
    void refusesAStatusTheOperationDoesNotDeclare() {
        String drift = drift(new Answer(418, Map.of("Content-Type", "application/problem+json"), problem("teapot", 418)), "/v1/catalog");
        assertTrue(drift.contains("searchCatalog does not declare status 418"), drift);
    }

    @Test
    void refusesAProblemTypeTheDocumentDoesNotList() {
        String drift = drift(new Answer(404, Map.of("Content-Type", "application/problem+json"), problem("unknown-order", 404)),
                "/v1/orders/o-1");
        assertTrue(drift.contains("problem type https://aisle.dev/problems/unknown-order is not one of super-app's x-problem-types"), drift);
    }

    @Test
    void refusesA429WithoutRetryAfterAndABodyWhereNoneIsDeclared() {
        String noRetry = drift(new Answer(429, Map.of("Content-Type", "application/problem+json"), problem("rate-limited", 429)),
                "/v1/catalog");
        assertTrue(noRetry.contains("Retry-After is declared, got null"), noRetry);
        String body = drift(new Answer(202, Map.of("Content-Type", "application/json"), "{\"eventId\":\"e-1\"}"), "/dispatch/v1/events",
                "POST");
        assertTrue(body.contains("postRiderEvent 202 declares no body"), body);
    }

    @Test
    void refusesAWrongMethodAnsweredOtherwiseThan405WithTheDocumentedMethods() {
        String notFound = drift(new Answer(404, Map.of("Content-Type", "application/problem+json"), problem("not-found", 404)),
                "/v1/orders/o-1", "DELETE");
        assertTrue(notFound.contains("so 405 was due, got 404"), notFound);
        String wrongAllow = drift(new Answer(405, Map.of("Content-Type", "application/problem+json", "Allow", "GET, POST"),
                problem("method-not-allowed", 405)), "/v1/orders/o-1", "DELETE");
        assertTrue(wrongAllow.contains("405 must name the documented methods [GET] in Allow"), wrongAllow);
    }

    @Test
    void passesTheMetricsAndTheOpsPageAsTextOfTheirDocumentedTypes() {
        assertEquals(200, answered(new Answer(200, Map.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8"),
                "# TYPE aisle_holds_open gauge\naisle_holds_open 0.0\n"), "/metrics").statusCode());
        assertEquals(200, answered(new Answer(200, Map.of("Content-Type", "text/html; charset=utf-8"), "<!doctype html><title>ops</title>"),
                "/ops").statusCode());
        assertEquals(200, answered(new Answer(200, Map.of("Content-Type", "text/css; charset=utf-8"), "body { margin: 0 }"),
                "/ops/assets/ops.css").statusCode());
    }

    @Test
    void refusesTextOfAnotherTypeOrWithoutTheDocumentedParameters() {
        String noVersion = drift(new Answer(200, Map.of("Content-Type", "text/plain; charset=utf-8"), "aisle_holds_open 0.0\n"), "/metrics");
        assertTrue(noVersion.contains("getMetrics 200 declares [text/plain; version=0.0.4; charset=utf-8], got Content-Type text/plain; charset=utf-8"),
                noVersion);
        String notHtml = drift(new Answer(200, Map.of("Content-Type", "text/plain"), "<!doctype html>"), "/ops");
        assertTrue(notHtml.contains("getOpsPage 200 declares [text/html; charset=utf-8], got Content-Type text/plain"), notHtml);
    }

    @Test
    void refusesAnOpsSummaryThatDriftsFromItsSchema() {
        String drift = drift(new Answer(200, Map.of("Content-Type", "application/json"),
                "{\"at\":\"2026-03-02T06:45:00Z\",\"orders\":{},\"unhealthyTotal\":0,\"pausedTotal\":0}"), "/ops/api/summary");
        assertTrue(drift.contains("getOpsSummary 200: does not match OpsSummary"), drift);
    }

    @Test
    void checksAnswersReadByOtherMeansToo() {
        AssertionError error = assertThrows(AssertionError.class, () -> ContractCheck.documents().check("GET", "/v1/stores?lat=1&lon=2",
                500, name -> name.equals("Content-Type") ? "application/problem+json" : null,
                problem("internal", 500).getBytes(StandardCharsets.UTF_8)));
        assertTrue(error.getMessage().contains("listStores does not declare status 500"), error.getMessage());
    }

    private static HttpResponse<Buffer> answered(Answer answer, String path) {
        return answered(answer, path, "GET");
    }

    private static HttpResponse<Buffer> answered(Answer answer, String path, String method) {
        next = answer;
        WebClient client = ContractCheck.webClient(vertx);
        return await(client.request(io.vertx.core.http.HttpMethod.valueOf(method), server.actualPort(), "127.0.0.1", path).send());
    }

    private static String drift(Answer answer, String path) {
        return drift(answer, path, "GET");
    }

    private static String drift(Answer answer, String path, String method) {
        Throwable failure = assertThrows(Throwable.class, () -> answered(answer, path, method), "the check lets a drifted answer pass");
        return String.valueOf(failure.getMessage()) + (failure.getCause() == null ? "" : " " + failure.getCause().getMessage());
    }

    private static String problem(String slug, int status) {
        return "{\"type\":\"https://aisle.dev/problems/" + slug + "\",\"title\":\"t\",\"status\":" + status + "}";
    }

}
