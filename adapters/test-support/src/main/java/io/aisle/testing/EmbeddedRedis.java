package io.aisle.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import redis.embedded.RedisServer;

/**
 * A real Redis server (a binary shipped as a Maven artifact) on a free loopback port, keeping nothing
 * on disk. Most tests share the one {@link TestRedis} runs; a test that must take Redis away from what
 * it tests starts its own and stops and starts it again on the same port.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final int port;
    private RedisServer server;

    private EmbeddedRedis(int port) {
        this.port = port;
    }

    public static EmbeddedRedis start() {
        EmbeddedRedis redis = new EmbeddedRedis(Ports.freePort());
        redis.startAgain();
        return redis;
    }

    public int port() {
        return port;
    }

    /** The connection string of its database 0. */
    public String uri() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public synchronized void startAgain() {
        try {
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").setting("maxmemory-policy noeviction")
                    .build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start on port " + port, e);
        }
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not stop", e);
        } finally {
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
