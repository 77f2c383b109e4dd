package io.aisle.gateway.webhook;

import static io.aisle.gateway.testing.Infra.await;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;

/** A super-app's webhook endpoint on a free port that accepts, refuses (503) or never answers, as told. */
final class WebhookReceiver implements AutoCloseable {

    enum Mode { ACCEPT, FAIL, HANG }

    /** One request as it arrived, and the status it was answered with (0: not answered). */
    record Received(String path, MultiMap headers, String body, int status) {

        boolean acknowledged() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private volatile Mode mode = Mode.ACCEPT;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start(Vertx vertx) {
        WebhookReceiver[] self = new WebhookReceiver[1];
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            Mode now = self[0].mode;
            int status = switch (now) {
                case ACCEPT -> 204;
                case FAIL -> 503;
                case HANG -> 0;
            };
            self[0].record(new Received(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    body.toString(), status));
            if (status != 0) {
                request.response().setStatusCode(status).end();
            }
        }));
        self[0] = new WebhookReceiver(server);
        await(server.listen(0, "127.0.0.1"));
        return self[0];
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    synchronized void clear() {
        received.clear();
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    private synchronized void record(Received request) {
        received.add(request);
    }

    @Override
    public void close() {
        await(server.close());
    }
}
