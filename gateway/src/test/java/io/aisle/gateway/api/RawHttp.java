package io.aisle.gateway.api;

import io.aisle.gateway.testing.ContractCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client that sends exactly the bytes it is given: a request target no URI class would
 * accept, header values of any kind, a body that does not match its content type. One connection per
 * request ({@code Connection: close}); answers of any length are read whole, except event streams,
 * whose head is enough. Every answer from a gateway path is checked against the OpenAPI documents
 * ({@link ContractCheck}): one that drifts fails the test.
 */
final class RawHttp {

    /** A request as sent: method, target (path and query, sent as is), headers, body (may be empty). */
    record Request(String method, String target, Map<String, String> headers, byte[] body) {
    }

    /** An answer: status, headers (names lower-cased), body; status 0 when the gateway did not answer in time. */
    record Answer(int status, Map<String, String> headers, byte[] body, String failure) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private final int timeoutMs;

    RawHttp(String host, int port, int timeoutMs) {
        this.host = host;
        this.port = port;
        this.timeoutMs = timeoutMs;
    }

    Answer send(Request request) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(timeoutMs);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            write(head, request.method() + " " + request.target() + " HTTP/1.1\r\n");
            write(head, "Host: " + host + ":" + port + "\r\n");
            write(head, "Connection: close\r\n");
            boolean hasLength = false;
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                write(head, header.getKey() + ": " + header.getValue() + "\r\n");
                hasLength |= header.getKey().equalsIgnoreCase("Content-Length");
            }
            if (!hasLength && (request.body().length > 0 || !request.method().equals("GET"))) {
                write(head, "Content-Length: " + request.body().length + "\r\n");
            }
            write(head, "\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            try {
                out.write(request.body());
                out.flush();
            } catch (IOException e) {
                // the gateway may answer (413) and close before it has read a large body: read what it said
            }
            Answer answer = read(socket.getInputStream());
            if (answer.status() != 0 && ContractCheck.isGatewayPath(request.target())) {
                ContractCheck.documents().check(request.method(), request.target(), answer.status(), answer::header, answer.body());
            }
            return answer;
        } catch (SocketTimeoutException e) {
            return new Answer(0, Map.of(), new byte[0], "no answer within " + timeoutMs + " ms");
        } catch (IOException e) {
            return new Answer(0, Map.of(), new byte[0], e.toString());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int last = 0;
        while (last != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                return new Answer(0, Map.of(), new byte[0], "connection closed before an answer (" + headBytes.size() + " bytes)");
            }
            headBytes.write(b);
            last = (last << 8) | b;
        }
        String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        String type = headers.getOrDefault("content-type", "");
        if (type.startsWith("text/event-stream")) {
            return new Answer(status, headers, new byte[0], null);
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked(in);
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, headers, body, null);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                line(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
