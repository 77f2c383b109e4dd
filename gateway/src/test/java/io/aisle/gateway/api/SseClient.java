package io.aisle.gateway.api;

import static io.aisle.gateway.testing.Infra.await;

import io.aisle.gateway.testing.ContractCheck;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a server-sent event stream as a client would: events, comment lines, and whether it ended.
 * What it has read is checked against the OpenAPI documents ({@link ContractCheck}) whenever a test
 * looks at it: the head, every complete event's data, and the whole body once the answer ended.
 */
final class SseClient {

    record Event(String id, String event, String data) {
    }

    private final HttpClientResponse response;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder raw = new StringBuilder();
    private final List<Event> events = new ArrayList<>();
    private int comments;
    private boolean ended;

    private final String path;

    private SseClient(HttpClientResponse response, String path) {
        this.response = response;
        this.path = path;
    }

    /**
     * Sends the request from {@code context}, the one context the client's connections belong to, so the
     * body handlers are set as soon as the response head arrives, before any of the body is read.
     */
    static SseClient open(Context context, HttpClient client, int port, String path, Map<String, String> headers) {
        Promise<SseClient> opened = Promise.promise();
        context.runOnContext(ignored -> client.request(HttpMethod.GET, port, "127.0.0.1", path)
                .compose(request -> {
                    headers.forEach(request::putHeader);
                    return request.send();
                })
                .map(response -> {
                    SseClient sse = new SseClient(response, path);
                    response.handler(chunk -> sse.feed(chunk.toString()));
                    response.endHandler(end -> sse.end());
                    return sse;
                })
                .onComplete(opened));
        return await(opened.future());
    }

    int status() {
        conforms();
        return response.statusCode();
    }

    /** What was read so far matches the documents: the whole answer once it ended, else the head and the complete events. */
    private synchronized void conforms() {
        String read = raw.toString();
        if (!ended) {
            String type = String.valueOf(response.getHeader("Content-Type")).split(";")[0].trim();
            if (!"text/event-stream".equals(type)) {
                return; // an answer still arriving is checked once it ended
            }
            int lastEvent = read.lastIndexOf("\n\n");
            read = lastEvent < 0 ? "" : read.substring(0, lastEvent + 2);
        }
        ContractCheck.documents().check("GET", path, response.statusCode(), response.headers(), read.getBytes(StandardCharsets.UTF_8));
    }

    MultiMap headers() {
        return response.headers();
    }

    synchronized List<Event> events() {
        conforms();
        return List.copyOf(events);
    }

    synchronized int comments() {
        return comments;
    }

    synchronized boolean ended() {
        conforms();
        return ended;
    }

    synchronized String body() {
        return raw.toString();
    }

    /** Goes away without a word, as a client that lost interest or its network. */
    void disconnect() {
        await(response.request().connection().close());
    }

    private synchronized void end() {
        ended = true;
    }

    private synchronized void feed(String text) {
        raw.append(text);
        pending.append(text);
        int blank;
        while ((blank = pending.indexOf("\n\n")) >= 0) {
            String block = pending.substring(0, blank);
            pending.delete(0, blank + 2);
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            if (id != null || event != null || !data.isEmpty()) {
                events.add(new Event(id, event, data.toString()));
            }
        }
    }
}
