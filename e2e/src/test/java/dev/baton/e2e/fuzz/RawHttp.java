package dev.baton.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 spoken byte by byte over a socket, so a test can send what a well-behaved client
 * library refuses to: control characters in headers, raw bytes in paths, huge request lines,
 * any method. One request per connection ({@code Connection: close}).
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 30_000;

    private RawHttp() {}

    /** What came back: the status, headers (names lower-cased) and the body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Answer send(int port, HostileRequest request) throws IOException {
        return send(port, request, null);
    }

    /** With {@code token} as the bearer, unless the request brings its own {@code Authorization}. */
    static Answer send(int port, HostileRequest request, String token) throws IOException {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write((request.method() + " " + request.target() + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
        wire.write(("Host: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        if (token != null && request.headers().keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
            wire.write(("Authorization: Bearer " + token + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        for (Map.Entry<String, byte[]> header : request.headers().entrySet()) {
            wire.write((header.getKey() + ": ").getBytes(StandardCharsets.ISO_8859_1));
            wire.write(header.getValue());
            wire.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        final byte[] body = request.body();
        if (body != null) {
            wire.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        wire.write("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            wire.write(body);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            final OutputStream out = socket.getOutputStream();
            try {
                out.write(wire.toByteArray());
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before reading a body it refuses; read what it said.
            }
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        final byte[] all = in.readAllBytes();
        final int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException(
                    "no complete answer (" + all.length + " bytes): " + new String(all, StandardCharsets.ISO_8859_1));
        }
        final String[] head = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        final int status = Integer.parseInt(head[0].split(" ")[1]);
        final Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            final int colon = head[i].indexOf(':');
            headers.put(
                    head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    head[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static byte[] dechunk(byte[] raw) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < raw.length) {
            final int lineEnd = indexOf(
                    java.util.Arrays.copyOfRange(raw, at, raw.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (lineEnd < 0) {
                break;
            }
            final String sizeText = new String(raw, at, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            final int size = Integer.parseInt(sizeText, 16);
            at += lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(raw, at, Math.min(size, raw.length - at));
            at += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
