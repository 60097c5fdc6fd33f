package dev.baton.backlog.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.backlog.submit.SubmissionValidator;
import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.json.Json;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
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
 * <p>The item itself is judged by {@link SubmissionValidator}, the same rule HTTP submissions
 * go through; this class only adds the envelope. Reading never throws: every record comes back
 * as a {@link Reading.Submission} or a {@link Reading.Refused} whose reason names each offending
 * field the way an HTTP problem would ({@code ce_type is required}, {@code data.title is required}).
 * Pure: no Kafka client, no framework, so every bad input has a fast test.
 */
public final class CloudEventReader {

    /** The one CloudEvent type this topic takes. */
    public static final String SUBMIT_TYPE = "dev.baton.item.submit";
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "content-type";
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";
    /** Binary-mode attribute headers: {@code ce_} and the attribute name. */
    public static final String HEADER_PREFIX = "ce_";
    /** The CloudEvent id is the idempotency key; as long as the HTTP path lets a key be. */
    public static final int MAX_ID_LENGTH = 200;
    static final int MAX_SOURCE_LENGTH = 2048;
    static final int MAX_SUBJECT_LENGTH = 1024;
    static final int MAX_TYPE_LENGTH = 256;

    private CloudEventReader() {
    }

    /** Which content mode a record was read in. */
    public enum Mode {
        BINARY, STRUCTURED
    }

    /** What a record turned out to be. */
    public sealed interface Reading {

        /** The CloudEvent id, when one could be read; for logs and the idempotency key. */
        String id();

        /** A valid submission: {@code id} is the idempotency key. */
        record Submission(String id, String source, String subject, Mode mode, ItemSpec spec) implements Reading {
        }

        /** A record to dead-letter; {@code reason} names every offending field, first problem first. */
        record Refused(String id, String reason) implements Reading {
        }
    }

    /** Reads a record's value and headers; never throws. */
    public static Reading read(byte[] value, Headers headers) {
        try {
            return classify(value, headers);
        } catch (InvalidRequest e) {
            return new Reading.Refused(bestEffortId(value, headers), reason(e));
        } catch (RuntimeException e) {
            // A bug here must cost one dead letter, not the stream.
            return new Reading.Refused(bestEffortId(value, headers), "$ could not be read: " + e);
        }
    }

    private static Reading classify(byte[] value, Headers headers) {
        final String contentType = header(headers, CONTENT_TYPE);
        if (contentType != null) {
            final String media = mediaType(contentType);
            if (media.equals(STRUCTURED_CONTENT_TYPE)) {
                return structured(parseEnvelope(value));
            }
            if (media.startsWith("application/cloudevents")) {
                throw new InvalidRequest(CONTENT_TYPE, "must be " + STRUCTURED_CONTENT_TYPE
                        + " for a structured CloudEvent, or the item's application/json in binary mode (got \""
                        + contentType + "\"; batches are not taken)");
            }
            return binary(value, headers, contentType);
        }
        if (hasAttributeHeader(headers)) {
            return binary(value, headers, null);
        }
        // No content type and no ce_ header: only a structured event can be meant.
        final JsonNode node;
        try {
            node = parse(value);
        } catch (NotJson e) {
            throw new InvalidRequest("$", "is not a CloudEvent: no ce_ headers, and the value " + e.getMessage());
        }
        if (node == null || !node.isObject() || !node.has("specversion")) {
            throw new InvalidRequest("$", "is not a CloudEvent: no ce_ headers, and the value is not a JSON object"
                    + " with specversion");
        }
        return structured(JsonFields.of(node));
    }

    private static Reading binary(byte[] value, Headers headers, String contentType) {
        final ObjectNode envelope = Json.mapper().createObjectNode();
        for (String attribute : new String[] {"specversion", "id", "source", "type", "subject", "time"}) {
            final String text = header(headers, HEADER_PREFIX + attribute);
            if (text != null) {
                envelope.put(HEADER_PREFIX + attribute, text);
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
        final Attributes attributes = attributes(fields, HEADER_PREFIX);
        if (contentType != null && !isJson(mediaType(contentType))) {
            fields.violation(CONTENT_TYPE, "must be application/json in binary mode (got \"" + contentType + "\")");
        }
        if (dataProblem != null) {
            fields.violation("data", dataProblem);
            fields.done();
        }
        return new Reading.Submission(attributes.id(), attributes.source(), attributes.subject(), Mode.BINARY,
                item(fields));
    }

    private static Reading structured(JsonFields fields) {
        final Attributes attributes = attributes(fields, "");
        if (fields.has("datacontenttype")) {
            final String type = fields.text("datacontenttype", false, MAX_TYPE_LENGTH);
            if (type != null && !isJson(mediaType(type))) {
                fields.violation("datacontenttype", "must be application/json (got \"" + type + "\")");
            }
        }
        if (fields.has("data_base64")) {
            fields.violation("data_base64", "is not taken; put the item in data as a JSON object");
        }
        return new Reading.Submission(attributes.id(), attributes.source(), attributes.subject(), Mode.STRUCTURED,
                item(fields));
    }

    private record Attributes(String id, String source, String subject) {
    }

    /** The required and optional context attributes; {@code prefix} is {@code ce_} in binary mode. */
    private static Attributes attributes(JsonFields fields, String prefix) {
        final String specversion = fields.text(prefix + "specversion", true, MAX_TYPE_LENGTH);
        if (specversion != null && !specversion.equals(SPEC_VERSION)) {
            fields.violation(prefix + "specversion", "must be " + SPEC_VERSION + " (got \"" + specversion + "\")");
        }
        final String id = fields.text(prefix + "id", true, MAX_ID_LENGTH);
        final String source = fields.text(prefix + "source", true, MAX_SOURCE_LENGTH);
        final String type = fields.text(prefix + "type", true, MAX_TYPE_LENGTH);
        if (type != null && !type.equals(SUBMIT_TYPE)) {
            fields.violation(prefix + "type", "must be " + SUBMIT_TYPE + " (got \"" + type + "\")");
        }
        final String subject = fields.text(prefix + "subject", false, MAX_SUBJECT_LENGTH);
        final String time = fields.text(prefix + "time", false, MAX_TYPE_LENGTH);
        if (time != null) {
            try {
                OffsetDateTime.parse(time);
            } catch (DateTimeParseException e) {
                fields.violation(prefix + "time", "must be an RFC 3339 timestamp such as 2026-02-05T09:12:07Z (got \""
                        + time + "\")");
            }
        }
        return new Attributes(id, source, subject);
    }

    /** The item in {@code data}, read by the one submission rule with its fields named {@code data.*}. */
    private static ItemSpec item(JsonFields fields) {
        final JsonNode data = fields.body().get("data");
        if (data == null || data.isNull()) {
            fields.violation("data", "is required: the item to submit, as a JSON object");
            fields.done();
        }
        final JsonFields item = fields.object("data");
        if (item == null) {
            fields.done();
        }
        // Shares the envelope's violations: done() inside reports the attributes' problems too.
        return SubmissionValidator.validate(item);
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

    /** The value as JSON; {@code null} for no value or an empty one. */
    private static JsonNode parse(byte[] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        try {
            final JsonNode node = Json.mapper().readTree(value);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            final String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new NotJson("is not JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new NotJson("is not JSON: " + e.getMessage());
        }
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

    private static String header(Headers headers, String name) {
        final Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }

    private static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /** Every violation, first one first: {@code data.title is required; data.priority must be an integer}. */
    private static String reason(InvalidRequest e) {
        return e.violations().stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "));
    }

    /** The CloudEvent id of a refused record, if it can be seen at all, so its dead-letter log names it. */
    private static String bestEffortId(byte[] value, Headers headers) {
        try {
            final String header = header(headers, HEADER_PREFIX + "id");
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
