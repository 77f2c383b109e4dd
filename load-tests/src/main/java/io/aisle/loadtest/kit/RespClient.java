package io.aisle.loadtest.kit;

import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the Redis protocol (RESP2) for the reliability check to read the push-only chain's soft
 * holds without a redis-cli on the machine: commands as arrays of bulk strings, replies parsed into
 * strings, longs and lists.
 */
final class RespClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespClient(String hostPort) throws IOException {
        String[] parts = hostPort.split(":");
        socket = new Socket(parts[0], Integer.parseInt(parts[1]));
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * Every soft hold of every push-only store ({@code aisle:pushonly:{store}:holds}, holdId -> JSON with
     * orderId and status), with its store and hold id added.
     */
    static List<JsonObject> softHolds(String hostPort) throws IOException {
        List<JsonObject> holds = new ArrayList<>();
        try (RespClient redis = new RespClient(hostPort)) {
            String cursor = "0";
            List<String> keys = new ArrayList<>();
            do {
                List<?> reply = (List<?>) redis.call("SCAN", cursor, "MATCH", "aisle:pushonly:*:holds", "COUNT", "1000");
                cursor = (String) reply.get(0);
                for (Object key : (List<?>) reply.get(1)) {
                    keys.add((String) key);
                }
            } while (!"0".equals(cursor));
            for (String key : keys) {
                String store = key.substring(key.indexOf('{') + 1, key.indexOf('}'));
                List<?> fields = (List<?>) redis.call("HGETALL", key);
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    JsonObject hold = new JsonObject((String) fields.get(i + 1));
                    holds.add(hold.put("holdId", fields.get(i)).put("storeId", store));
                }
            }
        }
        return holds;
    }

    Object call(String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            request.write(bytes);
            request.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(request.toByteArray());
        out.flush();
        return reply();
    }

    private Object reply() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("Redis: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                in.readNBytes(2);
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(Math.max(count, 0));
                for (int i = 0; i < count; i++) {
                    items.add(reply());
                }
                return items;
            }
            default:
                throw new IOException("unexpected Redis reply type " + type);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            bytes.write(b);
        }
        in.read();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
