package dev.baton.contracts.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Every bound Baton puts on what it is given, in one place. The HTTP edges, the Kafka ingest and
 * the claim engine check the same numbers, so whatever passes the door can be stored: an item's
 * whole state with its largest result stays well inside one Kafka record
 * ({@link #MAX_ITEM_STATE_BYTES} against the broker's 1 MiB default), and every time fits the
 * engine's index keys. The table in {@code docs/api.md} is written from these constants.
 */
public final class Limits {

    private Limits() {}

    // ------------------------------------------------------------------ names and ids

    /** Item ids: in paths and in {@code dependsOn}. Baton makes UUIDs; other systems name items by idempotency key. */
    public static final int MAX_ITEM_ID = 128;

    public static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_ITEM_ID + "}");
    public static final String ITEM_ID_RULE = "must be 1 to " + MAX_ITEM_ID + " letters, digits or . _ : -";

    /** An item's type: what agents ask for. */
    public static final int MAX_TYPE = 64;

    public static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_TYPE - 1) + "}");
    public static final String TYPE_RULE =
            "must be 1 to " + MAX_TYPE + " letters, digits or . _ : -, starting with a letter or digit";

    /**
     * Agent names (and, once tokens are required, token subjects): printable, no whitespace, no
     * quotes, backslashes or angle brackets, so a name can never break a log line or a page.
     */
    public static final int MAX_AGENT = 128;

    public static final Pattern AGENT =
            Pattern.compile("[^\\s\\p{Cc}\\p{Cf}\\p{Co}\\p{Cn}\\p{Cs}\"'`\\\\<>]{1," + MAX_AGENT + "}");
    public static final String AGENT_RULE =
            "must be 1 to " + MAX_AGENT + " printable characters without spaces, quotes, backslashes or angle brackets";

    /** Request ids and {@code Idempotency-Key} headers; CloudEvent ids. Printable ASCII, no spaces. */
    public static final int MAX_REQUEST_ID = 200;

    public static final Pattern REQUEST_ID = Pattern.compile("[\\x21-\\x7E]{1," + MAX_REQUEST_ID + "}");
    public static final String REQUEST_ID_RULE =
            "must be 1 to " + MAX_REQUEST_ID + " printable ASCII characters without spaces";

    /**
     * Request ids as the engine sees them: the API derives a claim-next's per-partition ids from
     * the caller's ({@code id#round.try}), a holder's batch's per-item ids ({@code id#itemId}) and
     * the ids of its records ({@code id#batch/partition.chunk}), and the operator's from the key
     * ({@code op:key}); the engine names its own dependency notices after both items
     * ({@code settle:<dependency>><dependent>:<state>:<millis>}).
     */
    public static final int MAX_COMMAND_REQUEST_ID = Math.max(MAX_REQUEST_ID + 1 + MAX_ITEM_ID, 2 * MAX_ITEM_ID + 64);

    public static final Pattern REQUEST_ID_PATTERN_FOR_COMMANDS =
            Pattern.compile("[\\x21-\\x7E]{1," + MAX_COMMAND_REQUEST_ID + "}");

    /** Types a claim-next may name. */
    public static final int MAX_TYPES_ASKED = 32;

    /** Labels and result tags: short words; any printable text without control characters. */
    public static final int MAX_LABELS = 32;

    public static final int MAX_LABEL = 64;
    public static final int MAX_TAGS = 32;
    public static final int MAX_TAG = 64;

    // ------------------------------------------------------------------ an item

    public static final int MAX_TITLE = 500;
    /** The payload as JSON, encoded. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** Objects and arrays inside one another, in a payload. */
    public static final int MAX_PAYLOAD_DEPTH = 32;
    /** Nesting of a whole request body: the payload's depth plus the envelope around it. */
    public static final int MAX_BODY_DEPTH = MAX_PAYLOAD_DEPTH + 8;

    public static final int MIN_PRIORITY = -1_000_000;
    public static final int MAX_PRIORITY = 1_000_000;
    public static final int MAX_ATTEMPTS = 100;
    public static final int MAX_DEPENDENCIES = 100;
    public static final int MAX_LEASE_SECONDS = 24 * 3600;
    /** The earliest {@code notBefore} accepted (earlier times mean "at once" to nobody; refuse them). */
    public static final Instant MIN_TIME = Instant.parse("2000-01-01T00:00:00Z");
    /** How far ahead {@code notBefore} may lie. */
    public static final Duration MAX_NOT_BEFORE_AHEAD = Duration.ofDays(3653);

    // ------------------------------------------------------------------ what agents report

    public static final int MAX_SUMMARY = 10_000;
    public static final int MAX_NOTES = 50_000;
    public static final int MAX_LOG_LINES = 500;
    public static final int MAX_LOG_LINE = 2_000;
    /** A whole result (summary, notes, tags, logs) as JSON, encoded. */
    public static final int MAX_RESULT_BYTES = 192 * 1024;

    public static final int MAX_PROGRESS = 2_000;
    public static final int MAX_ERROR = 10_000;
    public static final int MAX_REASON = 1_000;

    // ------------------------------------------------------------------ calls

    /** Items one claim-next may grant, and items one batch of a holder's calls (heartbeat, complete, fail, release) may name. */
    public static final int MAX_CLAIM_BATCH = 100;

    public static final int MAX_SUBMIT_BATCH = 1_000;
    public static final int MAX_WAIT_SECONDS = 60;
    public static final int MAX_PAGE = 500;
    public static final int MAX_CURSOR = 512;
    /** Items of each panel the board's live view pushes; further pages are asked for one at a time. */
    public static final int BOARD_PAGE = 20;
    /** Characters of a progress note or an error a board row shows; the item's own view has all of it. */
    public static final int BOARD_ROW_TEXT = 300;
    /** Agents the read model remembers as recently active: past this, the count says "at least". */
    public static final int MAX_ACTIVE_AGENTS_COUNTED = 100_000;
    /** Request bodies: one item or command, and a batch of items. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    public static final int MAX_BATCH_BODY_BYTES = 16 * 1024 * 1024;
    /** A request's target as sent: path and query, percent-encoded. */
    public static final int MAX_URI_LENGTH = 8 * 1024;
    /** All of a request's header lines together: names, values and separators. */
    public static final int MAX_HEADERS_BYTES = 32 * 1024;
    /**
     * An {@code Authorization} header: room for an identity provider's token with many groups,
     * and a 401 before any parsing for anything longer (within {@link #MAX_HEADERS_BYTES}).
     */
    public static final int MAX_AUTHORIZATION_CHARS = 16 * 1024;
    /**
     * What the HTTP codec reads before any of Baton's code runs. Kept well above
     * {@link #MAX_URI_LENGTH} and {@link #MAX_HEADERS_BYTES} so that Baton itself answers a request
     * over its limits (with a problem); past these the codec answers an empty 414 or 431 and
     * closes the connection.
     */
    public static final int CODEC_MAX_INITIAL_LINE = 64 * 1024;

    public static final int CODEC_MAX_HEADERS_BYTES = 128 * 1024;

    // ------------------------------------------------------------------ CloudEvents at the Kafka ingest

    /*
     * The event's id is the idempotency key, so it follows REQUEST_ID; its type and specversion
     * are compared exactly. The other attributes are bounded here so that a reason or a log line
     * naming them stays short.
     */
    /** The {@code source} attribute: a URI-reference. */
    public static final int MAX_EVENT_SOURCE = 2_048;

    public static final int MAX_EVENT_SUBJECT = 1_024;
    /** The {@code time} attribute: an RFC 3339 timestamp is about 35 characters at most. */
    public static final int MAX_EVENT_TIME = 64;
    /** A {@code content-type} header or {@code datacontenttype}: a media type with its parameters. */
    public static final int MAX_MEDIA_TYPE = 256;

    // ------------------------------------------------------------------ what Baton stores

    /**
     * The largest an item's state may be, encoded. The door's bounds keep a real item far below
     * (payload + result + texts is about 550 KiB at most); the engine refuses any transition
     * that would pass it instead of failing to store it.
     */
    public static final int MAX_ITEM_STATE_BYTES = 900 * 1024;
    /**
     * The largest batch of a holder's commands one record to the engine carries, encoded: the API
     * cuts a partition's share of a batch into as many records as it takes to stay within one
     * Kafka record of the broker's 1 MiB default.
     */
    public static final int MAX_BATCH_RECORD_BYTES = 900 * 1024;
    /**
     * How deeply Baton's own records may nest, for reading and writing alike, so that a record
     * Baton wrote it can always read back. Far above {@link #MAX_BODY_DEPTH}, so wrapping an
     * accepted body in an event or a state never reaches it; and no lower than records stored by
     * earlier builds needed, so they still load.
     */
    public static final int MAX_RECORD_DEPTH = 1000;
    /** The largest record a dead-letter topic is given; a bigger original is cut to fit, and says so. */
    public static final int MAX_DEAD_LETTER_BYTES = 900 * 1024;
    /** The reason a dead letter gives, in characters: for people; a parser's complaint about a huge token is cut here. */
    public static final int MAX_DEAD_LETTER_REASON = 2_000;
    /** When a dead letter must be cut, each original header keeps at most this many bytes of name and of value. */
    public static final int MAX_DEAD_LETTER_HEADER = 1_024;
}
