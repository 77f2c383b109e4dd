package io.aisle.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The Redis server tests talk to: the one {@code AISLE_TEST_REDIS_URL} names
 * ({@code redis://host:port/db}), else an embedded server started once per test JVM. Each test class
 * takes a logical database of its own (the next of 1 to 15, flushed), so classes never see each
 * other's keys.
 */
public final class TestRedis {

    private static EmbeddedRedis embedded;
    private static int nextDatabase;

    private TestRedis() {
    }

    /** An empty logical database of the test Redis server: {@code redis://host:port/db}. */
    public static synchronized String freshDatabase() {
        URI server = URI.create(serverUri());
        int database = 1 + (nextDatabase++ % 15);
        flush(server.getHost(), server.getPort(), database);
        return "redis://" + server.getHost() + ":" + server.getPort() + "/" + database;
    }

    private static String serverUri() {
        String external = System.getenv("AISLE_TEST_REDIS_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (embedded == null) {
            embedded = EmbeddedRedis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-redis-stop"));
        }
        return embedded.uri();
    }

    private static void flush(String host, int port, int database) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("SELECT " + database + "\r\nFLUSHDB\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] reply = new byte[10];
            int read = 0;
            while (read < reply.length) { // "+OK\r\n+OK\r\n"
                int n = socket.getInputStream().read(reply, read, reply.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            if (!new String(reply, 0, read, StandardCharsets.US_ASCII).equals("+OK\r\n+OK\r\n")) {
                throw new IllegalStateException("test Redis did not flush database " + database);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the test Redis at " + host + ":" + port, e);
        }
    }
}
