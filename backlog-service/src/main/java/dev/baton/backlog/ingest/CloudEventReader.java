package dev.baton.backlog.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.backlog.submit.SubmissionValidator;
import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.item.ItemIds;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.json.Json;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import dev.baton.contracts.limits.Text;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads one record of {@code backlog-submissions} as a CloudEvent asking for a new item, in
 * either content mode of the CloudEvents Kafka binding:
 *
 * <ul>
 *   <li><b>binary</b>: the attributes in {@code ce_*} headers, the item JSON as the value;</li>
 *   <li><b>structured</b>: {@code content-type: application/cloudevents+json} (or no content type
 *       and a JSON object with {@code specversion}), the attributes in the JSON, the item in
 *       {@code data}.</li>
 * </ul>
 *
 * <p>Reading is strict, because the id names the item for good: an attribute is taken as written
 * (no trimming, so {@code "1.0\n"} is not 1.0), each attribute header appears once and is UTF-8,
 * the value is one JSON document with nothing after it and no field named twice, nested at most
 * {@link Limits#MAX_BODY_DEPTH} deep, and every size is bounded by {@link Limits} before any
 * text is echoed in a reason. The item itself is judged by {@link SubmissionValidator}, the same
 * rule HTTP submissions go through, then by {@link Rules#spec}.
 *
 * <p>Reading never throws: every record comes back as a {@link Reading.Submission} or a
 * {@link Reading.Refused} whose reason names each offending field the way an HTTP problem would
 * ({@code ce_type is required}, {@code data.title is required}). Pure: no Kafka client, no
 * framework, so every bad input has a fast test.
 *
 * <p>Why not the CloudEvents SDK, which writes and reads the writer's devlog events: its readers
 * decide before any of these rules can look, and a dead letter's reason would change. The Kafka
 * binary reader takes the last of repeated headers, turns bytes that are not UTF-8 into
 * replacement characters, parses {@code ce_specversion} before any attribute is visible (throwing
 * on {@code "1.0\n"}, taking {@code "0.3"}) and throws on a header without a value; its builder
 * stops at the first missing or malformed attribute, in its own words, and never reaches the item,
 * where this reader lists every problem. The JSON format takes duplicate fields, trailing content
 * and {@code data_base64}, stops at the first attribute of the wrong type, and refuses extensions
 * this reader leaves alone. The decoding it would take over is one header or field lookup per
 * attribute, each bound to a rule; {@code CloudEventSdkContrastTest} shows every case above.
 */
public final class CloudEventReader {

    /** The one CloudEvent type this topic takes. */
    public static final String SUBMIT_TYPE = "dev.baton.item.submit";

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "content-type";
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";
    /** Binary-mode attribute headers: {@code ce_} and the attribute name. */
    public static final String HEADER_PREFIX = "ce_";

    private static final List<String> ATTRIBUTES = List.of("specversion", "id", "source", "type", "subject", "time");
    /** How much of an offending value a reason quotes. */
    private static final int ECHO = 64;
    /** RFC 3339 {@code date-time}; the parse below checks the calendar. */
    private static final Pattern RFC_3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern QUOTED = Pattern.compile("\"([\\t\\x20-\\x7E&&[^\"\\\\]]|\\\\[\\t\\x20-\\x7E])*\"");

    /** Baton's JSON settings over a parser that refuses duplicate fields and nesting past the body's bound. */
    private static final ObjectMapper STRICT = Json.configure(new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.MAX_BODY_DEPTH)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()));

    private CloudEventReader() {}

    /** Which content mode a record was read in. */
    public enum Mode {
        BINARY,
        STRUCTURED
    }

    /** What a record turned out to be. */
    public sealed interface Reading {

        /** The CloudEvent id, when one could be read; for logs and the idempotency key. */
        String id();

        /** A valid submission: {@code id} is the idempotency key. */
        record Submission(String id, String source, String subject, Mode mode, ItemSpec spec) implements Reading {}

        /** A record to dead-letter; {@code reason} names every offending field, first problem first. */
        record Refused(String id, String reason) implements Reading {}
    }

    /** Reads a record's value and headers; never throws. */
    public static Reading read(byte[] value, Headers headers) {
        return read(value, headers, Instant.now());
    }

    /** {@link #read(byte[], Headers)}, judging times ({@code notBefore}) against {@code now}. */
    public static Reading read(byte[] value, Headers headers, Instant now) {
        try {
            return classify(value, headers, now);
        } catch (InvalidRequest e) {
            return new Reading.Refused(bestEffortId(value, headers), reason(e));
        } catch (RuntimeException e) {
            // A bug here must cost one dead letter, not the stream.
            return new Reading.Refused(
                    bestEffortId(value, headers), "$ could not be read: " + Text.inert(e.toString()));
        }
    }

    private static Reading classify(byte[] value, Headers headers, Instant now) {
        final String contentType = single(headers, CONTENT_TYPE);
        if (contentType != null) {
            final String media = mediaType(contentType);
            if (media.equals(STRUCTURED_CONTENT_TYPE)) {
                final String problem = jsonMediaTypeProblem(contentType, "");
                if (problem != null) {
                    throw new InvalidRequest(CONTENT_TYPE, problem);
                }
                return structured(parseEnvelope(value), now);
            }
            if (media.startsWith("application/cloudevents")) {
                throw new InvalidRequest(
                        CONTENT_TYPE,
                        "must be " + STRUCTURED_CONTENT_TYPE
                                + " for a structured CloudEvent, or the item's application/json in binary mode (got "
                                + echo(contentType) + "; batches are not taken)");
            }
            return binary(value, headers, contentType, now);
        }
        if (hasAttributeHeader(headers)) {
            return binary(value, headers, null, now);
        }
        // No content type and no ce_ header: only a structured event can be meant.
        final JsonNode node;
        try {
            node = parse(value);
        } catch (NotJson e) {
            throw new InvalidRequest("$", "is not a CloudEvent: no ce_ headers, and the value " + e.getMessage());
        }
        if (node == null || !node.isObject() || !node.has("specversion")) {
            throw new InvalidRequest(
                    "$",
                    "is not a CloudEvent: no ce_ headers, and the value is not a JSON object" + " with specversion");
        }
        return structured(JsonFields.of(node), now);
    }

    private static Reading binary(byte[] value, Headers headers, String contentType, Instant now) {
        final ObjectNode envelope = Json.mapper().createObjectNode();
        final Map<String, String> unreadable = new LinkedHashMap<>();
        for (String attribute : ATTRIBUTES) {
            final String name = HEADER_PREFIX + attribute;
            try {
                final String text = single(headers, name);
                if (text != null) {
                    envelope.put(name, text);
                }
            } catch (InvalidRequest e) {
                unreadable.put(name, e.violations().get(0).message());
            }
        }
        String dataProblem = null;
        try {
            final JsonNode data = parse(value);
            if (data != null) {
                envelope.set("data", data);
            }
        } catch (NotJson e) {
            dataProblem = e.getMessage();
        }
        final JsonFields fields = JsonFields.of(envelope);
        final Attributes attributes = attributes(fields, HEADER_PREFIX, unreadable);
        if (contentType != null) {
            final String problem = jsonMediaTypeProblem(contentType, " in binary mode");
            if (problem != null) {
                fields.violation(CONTENT_TYPE, problem);
            }
        }
        if (dataProblem != null) {
            fields.violation("data", dataProblem);
            fields.done();
        }
        return new Reading.Submission(
                attributes.id(),
                attributes.source(),
                attributes.subject(),
                Mode.BINARY,
                item(fields, attributes.id(), now));
    }

    private static Reading structured(JsonFields fields, Instant now) {
        final Attributes attributes = attributes(fields, "", Map.of());
        final String type = attribute(fields, "", "datacontenttype", false, Limits.MAX_MEDIA_TYPE, Map.of());
        if (type != null) {
            final String problem = jsonMediaTypeProblem(type, "");
            if (problem != null) {
                fields.violation("datacontenttype", problem);
            }
        }
        if (fields.has("data_base64")) {
            fields.violation("data_base64", "is not taken; put the item in data as a JSON object");
        }
        return new Reading.Submission(
                attributes.id(),
                attributes.source(),
                attributes.subject(),
                Mode.STRUCTURED,
                item(fields, attributes.id(), now));
    }

    private record Attributes(String id, String source, String subject) {}

    /**
     * The required and optional context attributes, each as written; {@code prefix} is
     * {@code ce_} in binary mode, where {@code unreadable} names headers that could not be read.
     */
    private static Attributes attributes(JsonFields fields, String prefix, Map<String, String> unreadable) {
        final String specversion = attribute(fields, prefix, "specversion", true, Integer.MAX_VALUE, unreadable);
        if (specversion != null && !specversion.equals(SPEC_VERSION)) {
            fields.violation(prefix + "specversion", "must be " + SPEC_VERSION + " (got " + echo(specversion) + ")");
        }
        String id = attribute(fields, prefix, "id", true, Limits.MAX_REQUEST_ID, unreadable);
        if (id != null && !Limits.REQUEST_ID.matcher(id).matches()) {
            fields.violation(prefix + "id", Limits.REQUEST_ID_RULE + " (it is the idempotency key)");
            id = null;
        }
        String source = attribute(fields, prefix, "source", true, Limits.MAX_EVENT_SOURCE, unreadable);
        if (source != null) {
            final String problem = uriReferenceProblem(source);
            if (problem != null) {
                fields.violation(prefix + "source", problem);
                source = null;
            }
        }
        final String type = attribute(fields, prefix, "type", true, Integer.MAX_VALUE, unreadable);
        if (type != null && !type.equals(SUBMIT_TYPE)) {
            fields.violation(prefix + "type", "must be " + SUBMIT_TYPE + " (got " + echo(type) + ")");
        }
        String subject = attribute(fields, prefix, "subject", false, Limits.MAX_EVENT_SUBJECT, unreadable);
        if (subject != null && Text.problem(subject, true) != null) {
            fields.violation(prefix + "subject", Text.problem(subject, true));
            subject = null;
        }
        final String time = attribute(fields, prefix, "time", false, Limits.MAX_EVENT_TIME, unreadable);
        if (time != null && !rfc3339(time)) {
            fields.violation(
                    prefix + "time",
                    "must be an RFC 3339 timestamp such as 2026-02-05T09:12:07Z (got " + echo(time) + ")");
        }
        return new Attributes(id, source, subject);
    }

    /** One attribute's text exactly as written, or {@code null} after recording why it cannot be taken. */
    private static String attribute(
            JsonFields fields, String prefix, String name, boolean required, int max, Map<String, String> unreadable) {
        final String field = prefix + name;
        if (unreadable.containsKey(field)) {
            fields.violation(field, unreadable.get(field));
            return null;
        }
        final JsonNode node = fields.body().get(field);
        if (node == null || node.isNull()) {
            if (required) {
                fields.violation(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            fields.violation(field, "must be a string");
            return null;
        }
        final String value = node.textValue();
        if (value.isBlank()) {
            fields.violation(field, "must not be blank");
            return null;
        }
        if (value.length() > max) {
            fields.violation(field, "must be at most " + max + " characters");
            return null;
        }
        return value;
    }

    /** The item in {@code data}, read by the one submission rule with its fields named {@code data.*}. */
    private static ItemSpec item(JsonFields fields, String id, Instant now) {
        final JsonNode data = fields.body().get("data");
        if (data == null || data.isNull()) {
            fields.violation("data", "is required: the item to submit, as a JSON object");
            fields.done();
        }
        final JsonFields item = fields.object("data");
        if (item == null) {
            fields.done();
        }
        // Shares the envelope's violations: done() inside reports the attributes' problems too. The
        // id names the item, so a dependency on itself is caught here as over HTTP.
        return SubmissionValidator.validate(item, id == null ? null : ItemIds.forKey(id), now);
    }

    private static JsonFields parseEnvelope(byte[] value) {
        final JsonNode node;
        try {
            node = parse(value);
        } catch (NotJson e) {
            throw new InvalidRequest("$", e.getMessage());
        }
        if (node == null) {
            throw new InvalidRequest("$", "is empty; a structured CloudEvent (a JSON object) is expected");
        }
        if (!node.isObject()) {
            throw new InvalidRequest("$", "must be a JSON object (a structured CloudEvent)");
        }
        return JsonFields.of(node);
    }

    /** The value as one JSON document; {@code null} for no value or an empty one. */
    private static JsonNode parse(byte[] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        if (value.length > Limits.MAX_BODY_BYTES) {
            throw new NotJson("must be at most " + Limits.MAX_BODY_BYTES + " bytes (is " + value.length + ")");
        }
        try (JsonParser parser = STRICT.createParser(value)) {
            final JsonNode node = STRICT.readTree(parser);
            if (node == null || node.isMissingNode()) {
                return null;
            }
            final String where = where(parser);
            try {
                if (parser.nextToken() != null) {
                    throw new NotJson("is not JSON: more follows the JSON value, " + where);
                }
            } catch (JsonProcessingException e) {
                throw new NotJson("is not JSON: more follows the JSON value, " + where);
            }
            return node;
        } catch (StreamConstraintsException e) {
            // The parser's bounds: nesting is Baton's own limit; a number or name past Jackson's is not read.
            if (e.getOriginalMessage() != null && e.getOriginalMessage().contains("nesting depth")) {
                throw new NotJson("must be nested at most " + Limits.MAX_BODY_DEPTH + " levels deep");
            }
            throw new NotJson("is not JSON: " + Text.inert(clip(e.getOriginalMessage(), 4 * ECHO)));
        } catch (JsonProcessingException e) {
            final String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new NotJson("is not JSON: " + Text.inert(clip(e.getOriginalMessage(), 4 * ECHO)) + where);
        } catch (IOException e) {
            throw new NotJson("is not JSON: " + Text.inert(clip(e.getMessage(), 4 * ECHO)));
        }
    }

    private static String where(JsonParser parser) {
        final var location = parser.currentLocation();
        return "at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static final class NotJson extends RuntimeException {
        NotJson(String message) {
            super(message, null, false, false);
        }
    }

    private static boolean hasAttributeHeader(Headers headers) {
        if (headers == null) {
            return false;
        }
        for (Header header : headers) {
            if (header.key().startsWith(HEADER_PREFIX)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The one header of that name as UTF-8 text; {@code null} when there is none. A header given
     * twice is refused rather than picked from: two ids would name two items.
     */
    private static String single(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header found = null;
        int count = 0;
        for (Header header : headers.headers(name)) {
            found = header;
            count++;
        }
        if (count > 1) {
            throw new InvalidRequest(name, "must be given once (is given " + count + " times)");
        }
        if (found == null || found.value() == null) {
            return null;
        }
        try {
            return UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(found.value()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequest(name, "must be UTF-8 text");
        }
    }

    /** The media type of a content type, lower case, without its parameters. */
    private static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Why a content type is not a JSON media type (RFC 6838 {@code type/subtype} with
     * {@code ;name=value} parameters, {@code application/json} or a {@code +json} suffix, UTF-8 if
     * a charset is named), or {@code null} when it is one; {@code mode} is said after the rule.
     */
    private static String jsonMediaTypeProblem(String contentType, String mode) {
        if (contentType.length() > Limits.MAX_MEDIA_TYPE) {
            return "must be at most " + Limits.MAX_MEDIA_TYPE + " characters (is " + contentType.length() + ")";
        }
        final String[] parts = contentType.split(";", -1);
        final String[] typeAndSubtype = parts[0].strip().split("/", -1);
        boolean wellFormed = typeAndSubtype.length == 2
                && TOKEN.matcher(typeAndSubtype[0]).matches()
                && TOKEN.matcher(typeAndSubtype[1]).matches();
        String charset = null;
        for (int i = 1; i < parts.length && wellFormed; i++) {
            final String parameter = parts[i].strip();
            final int equals = parameter.indexOf('=');
            wellFormed = equals > 0
                    && TOKEN.matcher(parameter.substring(0, equals)).matches()
                    && (TOKEN.matcher(parameter.substring(equals + 1)).matches()
                            || QUOTED.matcher(parameter.substring(equals + 1)).matches());
            if (wellFormed && parameter.substring(0, equals).equalsIgnoreCase("charset")) {
                charset = parameter.substring(equals + 1).replace("\"", "");
            }
        }
        final String got = mode + " (got " + echo(contentType) + ")";
        if (!wellFormed) {
            return "must be a media type such as application/json" + got;
        }
        final String media = mediaType(contentType);
        if (!media.equals("application/json") && !media.endsWith("+json")) {
            return "must be application/json" + got;
        }
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            return "must be UTF-8 JSON, with charset=utf-8 or none" + got;
        }
        return null;
    }

    /** Why {@code source} is not a URI-reference (RFC 3986), or {@code null}. */
    private static String uriReferenceProblem(String source) {
        final String text = Text.problem(source, true);
        if (text != null) {
            return text;
        }
        if (!source.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            return "must be a URI-reference such as /ci/pipeline or https://ci.example.com/jobs/42: printable ASCII"
                    + " without spaces, anything else percent-encoded";
        }
        try {
            new URI(source);
            return null;
        } catch (URISyntaxException e) {
            return "must be a URI-reference such as /ci/pipeline or https://ci.example.com/jobs/42 (" + e.getReason()
                    + " at character " + e.getIndex() + ")";
        }
    }

    private static boolean rfc3339(String time) {
        if (!RFC_3339.matcher(time).matches()) {
            return false;
        }
        try {
            OffsetDateTime.parse(time.toUpperCase(Locale.ROOT));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** An offending value as a reason quotes it: cut short, every control character visible. */
    private static String echo(String value) {
        return "\"" + Text.inert(clip(value, ECHO)) + "\"";
    }

    private static String clip(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        final int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end) + "...";
    }

    /** Every violation, first one first: {@code data.title is required; data.priority must be an integer}. */
    private static String reason(InvalidRequest e) {
        return e.violations().stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "));
    }

    /** The CloudEvent id of a refused record, if one can be seen at all, so its dead-letter log names it. */
    private static String bestEffortId(byte[] value, Headers headers) {
        try {
            final String header = single(headers, HEADER_PREFIX + "id");
            if (header != null) {
                return header;
            }
            final JsonNode node = parse(value);
            return node != null && node.path("id").isTextual() ? node.get("id").asText() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
