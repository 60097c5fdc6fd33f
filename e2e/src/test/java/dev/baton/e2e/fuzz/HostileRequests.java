package dev.baton.e2e.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates hostile requests over every endpoint of the three services from one seed: each
 * starts from a valid call and breaks one thing (a field, the body's shape, a header, the path,
 * a query parameter, the method), or is sent valid. The same seed gives the same requests.
 */
final class HostileRequests {

    /** What the generator may aim at: items that exist, with the epoch and agent that hold them. */
    record Target(String itemId, String agent, long epoch) {}

    private record Endpoint(
            String service, String method, String path, Supplier<Map<String, Object>> body, List<String> query) {}

    private final Random random;
    private final List<Target> targets;
    private final List<Endpoint> endpoints = new ArrayList<>();

    HostileRequests(long seed, List<Target> targets) {
        this.random = new Random(seed);
        this.targets = List.copyOf(targets);
        endpoints.add(new Endpoint("backlog", "POST", "/items", this::item, List.of()));
        endpoints.add(new Endpoint(
                "backlog", "POST", "/items/batch", () -> Map.of("items", List.of(item(), item())), List.of()));
        endpoints.add(new Endpoint("backlog", "DELETE", "/items/{id}", null, List.of("reason")));
        endpoints.add(new Endpoint("backlog", "POST", "/items/{id}/redrive", null, List.of()));
        endpoints.add(new Endpoint("backlog", "GET", "/items/{id}", null, List.of("minEpoch", "state", "waitSeconds")));
        endpoints.add(new Endpoint("backlog", "GET", "/items/{id}/events", null, List.of()));
        endpoints.add(new Endpoint(
                "backlog", "GET", "/items", null, List.of("state", "type", "label", "owner", "limit", "cursor")));
        endpoints.add(new Endpoint("backlog", "GET", "/stats", null, List.of()));
        endpoints.add(new Endpoint("claim", "POST", "/claims/next", this::claimNext, List.of()));
        endpoints.add(new Endpoint(
                "claim", "POST", "/claims/{id}", () -> map("agent", agent(), "leaseSeconds", 30), List.of()));
        endpoints.add(new Endpoint(
                "claim",
                "POST",
                "/claims/{id}/heartbeat",
                () -> holder("progress", "half way", "leaseSeconds", 30),
                List.of()));
        endpoints.add(new Endpoint(
                "claim",
                "POST",
                "/claims/{id}/complete",
                () -> holder(
                        "result", map("summary", "done", "notes", "n", "tags", List.of("t"), "logs", List.of("line"))),
                List.of()));
        endpoints.add(new Endpoint(
                "claim", "POST", "/claims/{id}/fail", () -> holder("error", "boom", "retryable", true), List.of()));
        endpoints.add(new Endpoint(
                "claim", "POST", "/claims/{id}/release", () -> holder("reason", "giving back"), List.of()));
        endpoints.add(new Endpoint(
                "claim",
                "POST",
                "/batches/heartbeats",
                () -> heldBatch("progress", "half way", "leaseSeconds", 30),
                List.of()));
        endpoints.add(new Endpoint(
                "claim",
                "POST",
                "/batches/completions",
                () -> heldBatch("result", map("summary", "done", "tags", List.of("t"))),
                List.of()));
        endpoints.add(new Endpoint(
                "claim", "POST", "/batches/failures", () -> heldBatch("error", "boom", "retryable", true), List.of()));
        endpoints.add(new Endpoint(
                "claim", "POST", "/batches/releases", () -> heldBatch("reason", "giving back"), List.of()));
        endpoints.add(new Endpoint("writer", "GET", "/devlogs", null, List.of()));
        endpoints.add(new Endpoint("writer", "GET", "/devlogs/{date}", null, List.of("format")));
        endpoints.add(new Endpoint("writer", "POST", "/devlogs/{date}/publish", null, List.of()));
        endpoints.add(new Endpoint("writer", "GET", "/devlogs/{date}/material", null, List.of()));
    }

    HostileRequest next() {
        final Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
        final int kind = random.nextInt(100);
        if (kind < 12) {
            return build(
                    endpoint,
                    endpoint.method(),
                    path(endpoint, false),
                    query(endpoint, false),
                    jsonHeaders(),
                    body(endpoint),
                    "valid");
        } else if (kind < 42 && endpoint.body() != null) {
            final Map<String, Object> body = new LinkedHashMap<>(endpoint.body().get());
            final String field = pickField(body);
            final Object value = hostileValue();
            put(body, field, value);
            return build(
                    endpoint,
                    endpoint.method(),
                    path(endpoint, false),
                    query(endpoint, false),
                    jsonHeaders(),
                    bytes(Json.write(body)),
                    "field " + field);
        } else if (kind < 54 && endpoint.body() != null) {
            final String shape = hostileShape(Json.write(endpoint.body().get()));
            return build(
                    endpoint,
                    endpoint.method(),
                    path(endpoint, false),
                    query(endpoint, false),
                    jsonHeaders(),
                    bytes(shape),
                    "body shape");
        } else if (kind < 66) {
            final Map<String, byte[]> headers = jsonHeaders();
            final String what = hostileHeader(headers);
            return build(
                    endpoint,
                    endpoint.method(),
                    path(endpoint, false),
                    query(endpoint, false),
                    headers,
                    body(endpoint),
                    "header " + what);
        } else if (kind < 80) {
            return build(
                    endpoint,
                    endpoint.method(),
                    path(endpoint, true),
                    query(endpoint, false),
                    jsonHeaders(),
                    body(endpoint),
                    "path");
        } else if (kind < 90 && !endpoint.query().isEmpty()) {
            return build(
                    endpoint,
                    endpoint.method(),
                    path(endpoint, false),
                    query(endpoint, true),
                    jsonHeaders(),
                    body(endpoint),
                    "query");
        } else if (kind < 95) {
            final String method = pick("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "FROB");
            return build(
                    endpoint, method, path(endpoint, false), "", jsonHeaders(), body(endpoint), "method " + method);
        }
        final String route = pick(
                "/",
                "/nope",
                "/items/x/y/z",
                "/claims",
                "/claims/next/extra",
                "/devlogs/2026-01-01/x",
                "/index.html",
                "/q/nothing-here",
                "/%2e%2e/%2e%2e/etc/passwd",
                "/items;x=1",
                "//items");
        return new HostileRequest(
                endpoint.service(), pick("GET", "POST"), route, jsonHeaders(), bytes("{}"), "unknown route", false);
    }

    // ------------------------------------------------------------------ valid calls

    private Map<String, Object> item() {
        final Map<String, Object> item = map(
                "type",
                "fuzz",
                "title",
                "Fuzz item " + random.nextInt(1000),
                "priority",
                random.nextInt(10),
                "payload",
                map("n", random.nextInt()));
        if (random.nextInt(4) == 0) {
            item.put("labels", List.of("fuzz"));
        }
        return item;
    }

    private Map<String, Object> claimNext() {
        return map("agent", agent(), "types", List.of("fuzz"), "max", 1 + random.nextInt(3), "leaseSeconds", 5);
    }

    private Map<String, Object> holder(Object... more) {
        final Target target = target();
        final Map<String, Object> body = map("agent", target.agent(), "epoch", target.epoch());
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    /** A holder's batch call: one or two of the targets (the agent of the first), each with the fields given. */
    private Map<String, Object> heldBatch(Object... more) {
        final Target first = target();
        final List<Map<String, Object>> items = new ArrayList<>();
        for (Target target : random.nextBoolean() ? List.of(first) : List.of(first, target())) {
            final Map<String, Object> item = map("itemId", target.itemId(), "epoch", target.epoch());
            for (int i = 0; i < more.length; i += 2) {
                item.put((String) more[i], more[i + 1]);
            }
            items.add(item);
        }
        return map("agent", first.agent(), "items", items);
    }

    private String agent() {
        return pick("fuzz-a", "fuzz-b", targets.isEmpty() ? "fuzz-c" : target().agent());
    }

    private Target target() {
        return targets.get(random.nextInt(targets.size()));
    }

    // ------------------------------------------------------------------ breaking one thing

    private Object hostileValue() {
        switch (random.nextInt(30)) {
            case 0:
                return null;
            case 1:
                return true;
            case 2:
                return new Json.Raw("1e309");
            case 3:
                return -1;
            case 4:
                return Long.MAX_VALUE;
            case 5:
                return new Json.Raw("18446744073709551616");
            case 6:
                return "";
            case 7:
                return "   ";
            case 8:
                return "\u0000";
            case 9:
                return "\ud800";
            case 10:
                return "a\ud800b";
            case 11:
                return "\u001b[31mred\u0007";
            case 12:
                return "\ufeff";
            case 13:
                return "x".repeat(600);
            case 14:
                return "y".repeat(12_000);
            case 15:
                return "z".repeat(300_000);
            case 16:
                return map("nested", map("deeper", List.of(1, 2)));
            case 17:
                return java.util.Arrays.asList("a", 1, null);
            case 18:
                return Json.nested(50, "1");
            case 19:
                return Json.nested(998, "1");
            case 20:
                return Json.nested(1_500, "1");
            case 21:
                return "+1000000000-12-31T23:59:59.999999999Z";
            case 22:
                return "+292278995-01-01T00:00:00Z";
            case 23:
                return "1969-12-31T23:59:59Z";
            case 24:
                return "not a date";
            case 25:
                return "\u202eevil\u202c \ud83d\ude00";
            case 26:
                return "<script>alert(1)</script>{x}:abbr[x]{title=y}";
            case 27:
                return "ok\n2026-02-05 09:00:00 INFO backlog.claim id=FAKE status=completed owner=root epoch=99";
            case 28:
                return List.of("x".repeat(70), "a\u0000b");
            default:
                return "12";
        }
    }

    private String pickField(Map<String, Object> body) {
        final List<String> fields = new ArrayList<>(body.keySet());
        fields.addAll(List.of(
                "type",
                "title",
                "payload",
                "priority",
                "labels",
                "maxAttempts",
                "leaseSeconds",
                "notBefore",
                "dependsOn",
                "agent",
                "epoch",
                "requestId",
                "types",
                "max",
                "waitSeconds",
                "progress",
                "result",
                "result.summary",
                "result.notes",
                "result.tags",
                "result.logs",
                "items",
                "items[0].itemId",
                "items[0].epoch",
                "items[0].requestId",
                "items[0].result",
                "items[0].progress",
                "error",
                "retryable",
                "reason",
                "items",
                "idempotencyKey"));
        return fields.get(random.nextInt(fields.size()));
    }

    @SuppressWarnings("unchecked")
    private void put(Map<String, Object> body, String field, Object value) {
        if (field.startsWith("items[0].")) {
            final List<Object> items = body.get("items") instanceof List<?> list && !list.isEmpty()
                    ? new ArrayList<>(list)
                    : new ArrayList<>(List.of(new LinkedHashMap<String, Object>()));
            final Map<String, Object> first = items.get(0) instanceof Map<?, ?> m
                    ? new LinkedHashMap<>((Map<String, Object>) m)
                    : new LinkedHashMap<>();
            first.put(field.substring("items[0].".length()), value);
            items.set(0, first);
            body.put("items", items);
        } else if (field.startsWith("result.")) {
            final Object result = body.get("result");
            final Map<String, Object> inner = result instanceof Map<?, ?> m
                    ? new LinkedHashMap<>((Map<String, Object>) m)
                    : new LinkedHashMap<>();
            inner.put(field.substring("result.".length()), value);
            body.put("result", inner);
        } else if ("waitSeconds".equals(field)
                && value instanceof Number n
                && n.longValue() > 0
                && n.longValue() <= 60) {
            body.put(field, 1); // a valid long poll would only make the run slower
        } else {
            body.put(field, value);
        }
    }

    private String hostileShape(String valid) {
        switch (random.nextInt(14)) {
            case 0:
                return "";
            case 1:
                return "not json";
            case 2:
                return valid + " not json";
            case 3:
                return valid + "{}";
            case 4:
                return valid.substring(0, Math.max(1, valid.length() / 2));
            case 5:
                return "[]";
            case 6:
                return "42";
            case 7:
                return "\"text\"";
            case 8:
                return "null";
            case 9:
                return "[".repeat(2_000) + "]".repeat(2_000);
            case 10:
                return "{\"a\":".repeat(1_200) + "1" + "}".repeat(1_200);
            case 11:
                return "{\"type\":\"x\",\"type\":\"y\",\"title\":\"dup\"}";
            case 12:
                return "{\"payload\":\"" + "p".repeat(2 * 1024 * 1024) + "\"}";
            default:
                return "\u00ff\u00fe{";
        }
    }

    private String hostileHeader(Map<String, byte[]> headers) {
        switch (random.nextInt(12)) {
            case 0:
                headers.remove("Content-Type");
                return "no content type";
            case 1:
                headers.put("Content-Type", bytes("text/plain"));
                return "text/plain";
            case 2:
                headers.put("Content-Type", bytes("application/xml"));
                return "xml";
            case 3:
                headers.put("Content-Type", bytes("application/json; charset=utf-16"));
                return "utf-16";
            case 4:
                headers.put("Accept", bytes(pick("text/html", "application/xml", "image/png")));
                return "accept";
            case 5:
                headers.put("Idempotency-Key", bytes("k".repeat(300)));
                return "long key";
            case 6:
                headers.put("Idempotency-Key", new byte[] {'a', 0x01, 'b'});
                return "control in key";
            case 7:
                headers.put("Idempotency-Key", "é\u00ff".getBytes(StandardCharsets.ISO_8859_1));
                return "latin-1 key";
            case 8:
                headers.put("X-Padding", bytes("p".repeat(40 * 1024)));
                return "huge header";
            case 9:
                headers.put("Content-Type", bytes("application/json" + ";x=y".repeat(400)));
                return "long content type";
            case 10:
                headers.put("Authorization", bytes("Bearer " + "a.b.c".repeat(100)));
                return "authorization";
            default:
                headers.put("Idempotency-Key", bytes(""));
                return "empty key";
        }
    }

    private String path(Endpoint endpoint, boolean hostile) {
        String path = endpoint.path();
        if (path.contains("{id}")) {
            final String id = hostile
                    ? pick(
                            "a%00b",
                            "%00",
                            "..%2F..",
                            "x".repeat(200),
                            "%C3%A9t%C3%A9",
                            "%ZZ",
                            "%",
                            "a%20b",
                            "%0d%0aX-Forged:%201",
                            "%ud800",
                            "id%2Fwith%2Fslash",
                            "x".repeat(10_000))
                    : targets.isEmpty() || random.nextInt(4) == 0
                            ? java.util.UUID.randomUUID().toString()
                            : target().itemId();
            path = path.replace("{id}", id);
        }
        if (path.contains("{date}")) {
            final String date = hostile
                    ? pick("2026-13-45", "yesterday", "%00", "9999999-01-01", "-1", "x".repeat(300), "2026-02-30")
                    : LocalDate.now().minusDays(random.nextInt(3) + 1).toString();
            path = path.replace("{date}", date);
        }
        return path;
    }

    private String query(Endpoint endpoint, boolean hostile) {
        if (endpoint.query().isEmpty() || !hostile) {
            return "";
        }
        final String name = endpoint.query().get(random.nextInt(endpoint.query().size()));
        final String value = pick(
                "abc",
                "-1",
                "0",
                "99999999999999999999",
                "1e3",
                "%00",
                "",
                "x".repeat(700),
                "READY",
                "ready",
                "bogus",
                "md",
                "pdf",
                "%ud800",
                "1.5");
        return "?" + name + "=" + value;
    }

    private Map<String, byte[]> jsonHeaders() {
        final Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put("Content-Type", bytes("application/json"));
        headers.put("Accept", bytes("application/json, application/problem+json"));
        return headers;
    }

    private byte[] body(Endpoint endpoint) {
        return endpoint.body() == null ? null : bytes(Json.write(endpoint.body().get()));
    }

    private HostileRequest build(
            Endpoint endpoint,
            String method,
            String path,
            String query,
            Map<String, byte[]> headers,
            byte[] body,
            String what) {
        return new HostileRequest(
                endpoint.service(),
                method,
                path + query,
                headers,
                body,
                what + " on " + endpoint.method() + " " + endpoint.path(),
                notHttp(path + query, headers));
    }

    /**
     * Whether the request breaks HTTP itself: a header value with a control character other than
     * a tab, or a percent sign not followed by two hex digits in the target.
     */
    static boolean notHttp(String target, Map<String, byte[]> headers) {
        for (byte[] value : headers.values()) {
            for (byte b : value) {
                if (b >= 0 && b < 0x20 && b != '\t' || b == 0x7f) {
                    return true;
                }
            }
        }
        return MALFORMED_ESCAPE.matcher(target).find();
    }

    private static final java.util.regex.Pattern MALFORMED_ESCAPE =
            java.util.regex.Pattern.compile("%(?![0-9A-Fa-f]{2})");

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static Map<String, Object> map(Object... pairs) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
