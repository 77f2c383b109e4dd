package io.aisle.gateway.ops;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, driven over the Chrome DevTools Protocol with Vert.x's WebSocket
 * client: a fresh profile per launch, no network but what the page asks for, killed and its profile
 * deleted on close. {@link Page} loads a URL, answers HTTP authentication challenges with the
 * credentials it was given, evaluates script and clicks and types as a user does (input events at
 * the element's place on the screen).
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final long TIMEOUT_S = 30;

    private final Process process;
    private final Path profile;
    private final WebSocketClient client;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final StringBuffer log;

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static HeadlessChromium launch(Vertx vertx) throws Exception {
        Path profile = Files.createTempDirectory("aisle-chromium-");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--password-store=basic",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            StringBuffer log = new StringBuffer();
            CompletableFuture<String> endpoint = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = err.readLine()) != null; ) {
                        if (log.length() < 20_000) {
                            log.append(line).append('\n');
                        }
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            endpoint.complete(m.group(1));
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
                endpoint.completeExceptionally(new IllegalStateException("chromium ended without a DevTools endpoint:\n" + log));
            }, "chromium-stderr");
            reader.setDaemon(true);
            reader.start();
            String url = endpoint.get(TIMEOUT_S, TimeUnit.SECONDS);
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024));
            // DevTools refuses a WebSocket whose handshake names an origin it was not told to allow
            WebSocket socket = await(client.connect(new WebSocketConnectOptions().setAbsoluteURI(url).setAllowOriginHeader(false)));
            return new HeadlessChromium(process, profile, client, socket, log);
        } catch (Exception e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            deleteTree(profile);
            throw e;
        }
    }

    private HeadlessChromium(Process process, Path profile, WebSocketClient client, WebSocket socket, StringBuffer stderr) {
        this.process = process;
        this.profile = profile;
        this.client = client;
        this.socket = socket;
        this.log = stderr;
        socket.textMessageHandler(this::received);
    }

    /** A new tab; authentication challenges are answered with {@code user} and {@code password}. */
    Page newPage(String user, String password) {
        String targetId = send(null, "Target.createTarget", new JsonObject().put("url", "about:blank")).getString("targetId");
        String session = send(null, "Target.attachToTarget", new JsonObject().put("targetId", targetId).put("flatten", true))
                .getString("sessionId");
        Page page = new Page(session, user, password);
        pages.put(session, page);
        send(session, "Fetch.enable", new JsonObject().put("handleAuthRequests", true)
                .put("patterns", new JsonArray().add(new JsonObject().put("urlPattern", "*"))));
        send(session, "Page.enable", new JsonObject());
        send(session, "Runtime.enable", new JsonObject());
        return page;
    }

    final class Page {
        private final String session;
        private final String user;
        private final String password;
        private final java.util.List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();

        Page(String session, String user, String password) {
            this.session = session;
            this.user = user;
            this.password = password;
        }

        void navigate(String url) {
            JsonObject result = send(session, "Page.navigate", new JsonObject().put("url", url));
            if (result.getString("errorText") != null) {
                throw new IllegalStateException("cannot load " + url + ": " + result.getString("errorText"));
            }
        }

        /** The value of a script expression (promises awaited), as JSON gives it back. */
        Object evaluate(String expression) {
            JsonObject result = send(session, "Runtime.evaluate", new JsonObject().put("expression", expression)
                    .put("awaitPromise", true).put("returnByValue", true));
            if (result.containsKey("exceptionDetails")) {
                throw new IllegalStateException("script failed: " + result.getJsonObject("exceptionDetails").encode()
                        + "\nconsole: " + console);
            }
            return result.getJsonObject("result").getValue("value");
        }

        /** Clicks the middle of the element {@code selector} finds, as a mouse does (scrolled into view first). */
        void click(String selector) {
            JsonObject box = new JsonObject(String.valueOf(evaluate("(() => { const e = document.querySelector(" + quoted(selector)
                    + "); if (!e) throw new Error('no element ' + " + quoted(selector) + "); e.scrollIntoView({block: 'center'});"
                    + " const r = e.getBoundingClientRect(); return JSON.stringify({x: r.x + r.width / 2, y: r.y + r.height / 2}); })()")));
            for (String type : new String[] {"mouseMoved", "mousePressed", "mouseReleased"}) {
                JsonObject event = new JsonObject().put("type", type).put("x", box.getDouble("x")).put("y", box.getDouble("y"));
                if (!type.equals("mouseMoved")) {
                    event.put("button", "left").put("clickCount", 1);
                }
                send(session, "Input.dispatchMouseEvent", event);
            }
        }

        /** Clicks into the field {@code selector} finds and types {@code text} into it. */
        void type(String selector, String text) {
            click(selector);
            send(session, "Input.insertText", new JsonObject().put("text", text));
        }

        /** Saves what the page shows now as a PNG, e.g. for a look after a failed run. */
        void screenshot(Path file) throws IOException {
            String png = send(session, "Page.captureScreenshot", new JsonObject().put("format", "png")
                    .put("captureBeyondViewport", true)).getString("data");
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, java.util.Base64.getDecoder().decode(png));
        }

        /** What the page logged and threw so far, for failure messages. */
        String console() {
            return String.join("\n", console);
        }

        void onEvent(String method, JsonObject params) {
            switch (method) {
                case "Fetch.requestPaused" -> sendAsync(session, "Fetch.continueRequest",
                        new JsonObject().put("requestId", params.getString("requestId")));
                case "Fetch.authRequired" -> sendAsync(session, "Fetch.continueWithAuth", new JsonObject()
                        .put("requestId", params.getString("requestId"))
                        .put("authChallengeResponse", new JsonObject().put("response", "ProvideCredentials")
                                .put("username", user).put("password", password)));
                case "Runtime.consoleAPICalled", "Runtime.exceptionThrown" -> console.add(params.encode());
                default -> { }
            }
        }
    }

    private JsonObject send(String session, String method, JsonObject params) {
        return await(sendAsync(session, method, params));
    }

    private Future<JsonObject> sendAsync(String session, String method, JsonObject params) {
        long id = ids.incrementAndGet();
        Promise<JsonObject> answer = Promise.promise();
        pending.put(id, answer);
        JsonObject message = new JsonObject().put("id", id).put("method", method).put("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        socket.writeTextMessage(message.encode()).onFailure(failure -> {
            pending.remove(id);
            answer.tryFail(failure);
        });
        return answer.future();
    }

    private void received(String text) {
        JsonObject message = new JsonObject(text);
        Long id = message.getLong("id");
        if (id != null) {
            Promise<JsonObject> answer = pending.remove(id);
            if (answer != null) {
                if (message.containsKey("error")) {
                    answer.fail(new IllegalStateException("DevTools refused: " + message.getJsonObject("error").encode()));
                } else {
                    answer.complete(message.getJsonObject("result", new JsonObject()));
                }
            }
            return;
        }
        Page page = message.getString("sessionId") == null ? null : pages.get(message.getString("sessionId"));
        if (page != null) {
            page.onEvent(message.getString("method"), message.getJsonObject("params", new JsonObject()));
        }
    }

    private static String quoted(String text) {
        return new JsonArray().add(text).encode().replaceAll("^\\[|]$", "");
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What chromium wrote to its standard error (the first 20,000 characters), for failure messages. */
    String stderr() {
        return log.toString();
    }

    /** Closes the browser, kills it if it does not end, and deletes its profile. */
    @Override
    public void close() throws Exception {
        try {
            socket.close();
            client.close();
        } finally {
            java.util.List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            children.forEach(ProcessHandle::destroyForcibly);
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
