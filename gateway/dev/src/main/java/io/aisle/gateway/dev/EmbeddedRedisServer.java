package io.aisle.gateway.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A real Redis server from binaries shipped as a Maven artifact, bound to loopback on a free port,
 * keeping nothing on disk, for dev mode (tests have theirs in aisle-test-support). Not part of the
 * production jar.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private final int port;
    private RedisServer server;

    private EmbeddedRedisServer(int port) {
        this.port = port;
    }

    public static EmbeddedRedisServer start() {
        EmbeddedRedisServer redis = new EmbeddedRedisServer(freePort());
        redis.startAgain();
        return redis;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public synchronized void startAgain() {
        try {
            server = RedisServer.newRedisServer()
                    .port(port)
                    .setting("bind 127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory-policy noeviction")
                    .build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Redis server on port " + port, e);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop the embedded Redis server", e);
            }
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
