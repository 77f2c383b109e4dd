package io.aisle.loadtest.kit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import redis.embedded.RedisServer;

/**
 * The kit's embedded servers, as their own process: a real PostgreSQL (zonky's binaries, with
 * production durability: {@code fsync=on}, {@code synchronous_commit=on}) and a real Redis
 * (embedded-redis), both on free loopback ports with throw-away data. Writes {@code PG_PORT=} and
 * {@code REDIS_PORT=} lines to the file given, then serves until SIGTERM, when it stops both.
 *
 * <pre>java -cp ... io.aisle.loadtest.kit.EmbeddedServers --pg --redis --out servers.env</pre>
 */
public final class EmbeddedServers {

    private EmbeddedServers() {
    }

    public static void main(String[] args) throws Exception {
        boolean pg = false;
        boolean redis = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pg" -> pg = true;
                case "--redis" -> redis = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("usage: EmbeddedServers [--pg] [--redis] --out FILE");
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE is required");
        }
        List<String> lines = new ArrayList<>();
        EmbeddedPostgres postgres = null;
        RedisServer redisServer = null;
        if (pg) {
            postgres = EmbeddedPostgres.builder()
                    .setCleanDataDirectory(true)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            lines.add("PG_PORT=" + postgres.getPort());
        }
        if (redis) {
            int port = freePort();
            redisServer = RedisServer.newRedisServer()
                    .port(port)
                    .setting("bind 127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory-policy noeviction")
                    .build();
            redisServer.start();
            lines.add("REDIS_PORT=" + port);
        }
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        Files.write(partial, lines);
        Files.move(partial, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("embedded servers ready: " + String.join(" ", lines));

        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedPostgres finalPostgres = postgres;
        RedisServer finalRedis = redisServer;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (finalRedis != null) {
                    finalRedis.stop();
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("embedded Redis did not stop cleanly: " + e);
            }
            try {
                if (finalPostgres != null) {
                    finalPostgres.close();
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
            }
            System.out.println("embedded servers stopped");
            stopped.countDown();
        }, "embedded-servers-stop"));
        Thread.currentThread().join();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
