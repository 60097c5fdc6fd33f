package dev.baton.backlog.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.backlog.ingest.CloudEventReader.Mode;
import dev.baton.backlog.ingest.CloudEventReader.Reading;
import dev.baton.backlog.submit.Submissions;
import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.json.Json;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Text;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineTimeout;
import dev.baton.engine.client.SubmissionRefused;
import dev.baton.service.trace.TraceHeaders;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Kafka ingest: CloudEvents on {@code backlog-submissions} become items, exactly as if they had
 * been posted to {@code /items} with the CloudEvent id as the idempotency key.
 *
 * <p>Guarantees, record by record, in offset order:
 * <ul>
 *   <li>a record is acknowledged (its offset may be committed) only after the claim engine has
 *       answered its submission, or its dead letter has been acknowledged by Kafka; a crash in
 *       between replays it, and a replay is harmless because the CloudEvent id names the item;</li>
 *   <li>a record that cannot be read or validated goes to {@code backlog-submissions-dlq} with
 *       its key, original bytes and headers, and the reason; then the stream goes on. So does a
 *       record whose id already names a different item: the id is the idempotency key, and
 *       answering "duplicate" would silently drop what it asked for;</li>
 *   <li>a dead letter is never larger than {@link Limits#MAX_DEAD_LETTER_BYTES}: an original
 *       that does not fit is cut, and says so ({@link DeadLetters#TRUNCATED});</li>
 *   <li>a failure that is not the record's fault (the engine does not answer in time, the broker
 *       is unavailable) is retried with a capped backoff, on timers, never by blocking the event
 *       loop, for as long as the service runs. A failure that would repeat with the same record
 *       (a dead letter too large for the topic, one that cannot be serialized, an answer the
 *       engine cannot give) is not retried: the dead letter is cut further, down to its reason
 *       and source alone, and the stream goes on. Nothing escapes to the channel, so one record
 *       never stops the stream.</li>
 * </ul>
 *
 * <p>Each outcome is one log line, {@code backlog.ingest id=<ce id> status=accepted|duplicate|dead-letter},
 * with every text a record gave written through {@link Text#inert}: one record, one line.
 */
@ApplicationScoped
public class SubmissionIngest {

    private static final Logger LOG = Logger.getLogger("backlog.ingest");

    @Inject
    Submissions submissions;

    @Inject
    IngestMeters meters;

    @Inject
    @Channel("submissions-dlq")
    MutinyEmitter<byte[]> deadLetters;

    @ConfigProperty(name = "baton.backlog.ingest.retry-backoff", defaultValue = "200ms")
    Duration retryBackoff;

    @ConfigProperty(name = "baton.backlog.ingest.max-retry-backoff", defaultValue = "10s")
    Duration maxRetryBackoff;

    Clock clock = Clock.systemUTC();

    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        // Retrying past shutdown would only fail again; the unacknowledged record replays on restart.
        stopping = true;
    }

    @Incoming("submissions-in")
    public Uni<Void> consume(Message<byte[]> message) {
        final Source source = Source.of(message);
        meters.read();
        // The bytes as the broker gave them, never a connector's conversion of them.
        final byte[] value = source.value(message);
        final Reading reading = CloudEventReader.read(value, source.headers(), clock.instant());
        final Uni<Void> handled = reading instanceof Reading.Submission submission
                ? submit(submission, value, source)
                : deadLetter(reading.id(), "unreadable", ((Reading.Refused) reading).reason(), value, source);
        return handled
                // The engine applies the same rules again; what it refuses is dead-lettered with its words.
                .onFailure(f -> unwrap(f) instanceof SubmissionRefused)
                .recoverWithUni(failure -> deadLetter(
                        reading.id(),
                        "refused",
                        ((SubmissionRefused) unwrap(failure)).rejection().detail(),
                        value,
                        source))
                // A bug of ours with this record must cost one dead letter, not the partition.
                .onFailure(this::recordsFault)
                .recoverWithUni(failure -> deadLetter(
                        reading.id(), "error", "$ could not be handled: " + describe(failure), value, source))
                .chain(() -> Uni.createFrom().completionStage(message::ack))
                .onFailure()
                .recoverWithItem(failure -> {
                    // Only reached while stopping (or if an ack itself failed): the record stays
                    // unacknowledged, its offset uncommitted, and it is read again after a restart.
                    LOG.warnf(
                            "backlog.ingest id=%s status=unfinished reason=\"%s\" source=%s",
                            logged(reading.id()), Text.inert(describe(failure)), source.where());
                    return null;
                });
    }

    private Uni<Void> submit(Reading.Submission submission, byte[] value, Source source) {
        final AtomicInteger attempts = new AtomicInteger();
        return retried(
                        submission.id(),
                        source,
                        attempts,
                        () -> Uni.createFrom()
                                .completionStage(() -> {
                                    // The trace context the other system sent rides on into the engine.
                                    try (Scope carried = TraceHeaders.extractCarried(source.headers())
                                            .makeCurrent()) {
                                        return submissions.submit(submission.spec(), submission.id());
                                    }
                                })
                                // Handing the record to the producer may wait for metadata: not on the event loop.
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .onItemOrFailure()
                .transformToUni((answer, failure) -> {
                    if (failure != null) {
                        return recordsFault(failure)
                                ? deadLetter(
                                        submission.id(),
                                        "error",
                                        "the claim engine did not take the item: " + describe(failure),
                                        value,
                                        source)
                                : Uni.createFrom().failure(failure);
                    }
                    final String differs = answer.duplicate() ? differences(answer, submission.spec()) : null;
                    if (differs != null) {
                        return deadLetter(
                                submission.id(),
                                "id-reused",
                                (submission.mode() == Mode.BINARY ? "ce_id " : "id ")
                                        + submission.id() + " was already used for a different item (item "
                                        + answer.item().id() + " differs in " + differs + ")",
                                value,
                                source);
                    }
                    meters.submitted(answer.duplicate());
                    logSubmitted(submission, source, answer, attempts.get());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Sends the record's dead letter, cut to fit {@link Limits#MAX_DEAD_LETTER_BYTES}; if Kafka
     * refuses it for a reason that would repeat, a smaller cut, then the reason and source alone.
     */
    private Uni<Void> deadLetter(String id, String kind, String reason, byte[] value, Source source) {
        meters.deadLettered(kind);
        final Instant at = clock.instant();
        final Headers original = source.headers();
        final List<Supplier<DeadLetters.Letter>> ladder = List.of(
                () -> DeadLetters.bounded(
                        source.key(),
                        value,
                        original.toArray(),
                        reason,
                        source.topic(),
                        source.partition(),
                        source.offset(),
                        at,
                        Limits.MAX_DEAD_LETTER_BYTES),
                () -> DeadLetters.bounded(
                        source.key(),
                        value,
                        original.toArray(),
                        reason,
                        source.topic(),
                        source.partition(),
                        source.offset(),
                        at,
                        Limits.MAX_DEAD_LETTER_BYTES / 4),
                () -> DeadLetters.minimal(
                        source.key(),
                        value,
                        original.toArray(),
                        reason,
                        source.topic(),
                        source.partition(),
                        source.offset(),
                        at));
        final Iterator<Supplier<DeadLetters.Letter>> rungs = ladder.iterator();
        return send(id, reason, source, rungs.next().get(), rungs);
    }

    /** Sends {@code letter}; on a refusal that would repeat, the next of the {@code smaller} ones that is smaller. */
    private Uni<Void> send(
            String id,
            String reason,
            Source source,
            DeadLetters.Letter letter,
            Iterator<Supplier<DeadLetters.Letter>> smaller) {
        final OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(letter.key())
                .withHeaders(letter.headers())
                .build();
        final AtomicInteger attempts = new AtomicInteger();
        return retried(
                        id,
                        source,
                        attempts,
                        () -> deadLetters.sendMessage(Message.of(letter.value()).addMetadata(metadata)))
                .invoke(() -> LOG.warnf(
                        "backlog.ingest id=%s status=dead-letter reason=\"%s\" source=%s%s",
                        logged(id),
                        Text.inert(DeadLetters.clip(reason)),
                        source.where(),
                        letter.truncated() ? " truncated=true bytes=" + letter.size() : ""))
                .onFailure(this::recordsFault)
                .recoverWithUni(failure -> {
                    DeadLetters.Letter next = null;
                    while (smaller.hasNext() && next == null) {
                        final DeadLetters.Letter candidate = smaller.next().get();
                        next = candidate.size() < letter.size() ? candidate : null;
                    }
                    if (next == null) {
                        // Not even the reason and source alone were taken: the record stays on its
                        // topic, and this line is where to find it.
                        LOG.errorf(
                                "backlog.ingest id=%s status=dead-letter-refused reason=\"%s\" failure=\"%s\""
                                        + " source=%s",
                                logged(id),
                                Text.inert(DeadLetters.clip(reason)),
                                Text.inert(describe(failure)),
                                source.where());
                        return Uni.createFrom().voidItem();
                    }
                    LOG.warnf(
                            "backlog.ingest id=%s status=dead-letter-cut bytes=%d smaller=%d failure=\"%s\" source=%s",
                            logged(id), letter.size(), next.size(), Text.inert(describe(failure)), source.where());
                    return send(id, reason, source, next, smaller);
                });
    }

    /**
     * Subscribes to {@code attempt} until it succeeds or fails for a reason of the record's own,
     * backing off from {@code retry-backoff} up to {@code max-retry-backoff} between tries. Both
     * callers' requests are idempotent: the submission names its item by the CloudEvent id, and
     * a second dead letter of one record says the same thing twice.
     */
    private <T> Uni<T> retried(String id, Source source, AtomicInteger attempts, Supplier<Uni<T>> attempt) {
        return Uni.createFrom()
                .deferred(() -> {
                    attempts.incrementAndGet();
                    return attempt.get();
                })
                .onFailure(this::retriable)
                .invoke(failure -> meters.retried())
                .onFailure(this::retriable)
                .invoke(failure -> LOG.warnf(
                        "backlog.ingest id=%s status=retry attempt=%d reason=\"%s\" source=%s",
                        logged(id), attempts.get(), Text.inert(describe(failure)), source.where()))
                .onFailure(this::retriable)
                .retry()
                .withBackOff(retryBackoff, maxRetryBackoff)
                .withJitter(0.2)
                .indefinitely();
    }

    /**
     * Whether trying again may succeed: the engine or the broker is slow or away, or the
     * deployment is not allowed in yet (an operator can fix that without losing a record).
     */
    private boolean retriable(Throwable failure) {
        if (stopping) {
            return false;
        }
        final Throwable cause = unwrap(failure);
        return cause instanceof TimeoutException
                || cause instanceof EngineTimeout
                || cause instanceof RetriableException
                || cause instanceof AuthenticationException
                || cause instanceof AuthorizationException;
    }

    /** A failure that would happen again with the same record: it is dead-lettered, not retried. */
    private boolean recordsFault(Throwable failure) {
        return !stopping && !retriable(failure);
    }

    /**
     * {@code null} when the item the engine holds has the spec submitted now (a true repeat);
     * else the fields that differ. Both are compared as Baton writes them, so a value that only
     * changes form on the way (a number written differently) is not a difference.
     */
    static String differences(Reply.Submitted answer, ItemSpec submitted) {
        if (answer.item() == null || answer.item().spec() == null) {
            return null;
        }
        final JsonNode held = canonical(answer.item().spec());
        final JsonNode asked = canonical(submitted);
        if (held.equals(asked)) {
            return null;
        }
        final TreeSet<String> fields = new TreeSet<>();
        held.fieldNames().forEachRemaining(fields::add);
        asked.fieldNames().forEachRemaining(fields::add);
        final List<String> differ = new ArrayList<>();
        for (String field : fields) {
            if (!held.path(field).equals(asked.path(field))) {
                differ.add(field);
            }
        }
        return String.join(", ", differ);
    }

    private static JsonNode canonical(ItemSpec spec) {
        try {
            return Json.mapper().readTree(Json.mapper().writeValueAsBytes(spec));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an item spec", e);
        }
    }

    private static void logSubmitted(
            Reading.Submission submission, Source source, Reply.Submitted answer, int attempts) {
        // After a timed-out attempt the engine may have taken the first try in: "duplicate" then
        // means this very record, which attempts>1 makes visible.
        LOG.infof(
                "backlog.ingest id=%s status=%s item=%s mode=%s source=%s%s",
                logged(submission.id()),
                answer.duplicate() ? "duplicate" : "accepted",
                answer.item().id(),
                submission.mode().name().toLowerCase(Locale.ROOT),
                source.where(),
                attempts > 1 ? " attempts=" + attempts : "");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable failure) {
        final Throwable cause = unwrap(failure);
        if (cause instanceof TimeoutException || cause instanceof EngineTimeout) {
            return "the claim engine did not answer in time";
        }
        return cause.toString();
    }

    /**
     * A CloudEvent id as a log line shows it: bare when it is a valid id (no spaces, printable
     * ASCII), else quoted, cut and made inert, so no id can end the line or pass for a field.
     * {@code -} when none could be read.
     */
    static String logged(String id) {
        if (id == null) {
            return "-";
        }
        if (Limits.REQUEST_ID.matcher(id).matches()) {
            return id;
        }
        final String cut = id.length() <= Limits.MAX_REQUEST_ID ? id : id.substring(0, Limits.MAX_REQUEST_ID) + "...";
        return "\"" + Text.inert(cut) + "\"";
    }

    /** Where a record was read: its key, position, headers and original value. */
    private record Source(byte[] key, String topic, Integer partition, Long offset, Headers headers, Object raw) {

        static Source of(Message<?> message) {
            return message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(m -> new Source(
                            bytes(m.getKey()),
                            m.getTopic(),
                            m.getPartition(),
                            m.getOffset(),
                            m.getHeaders() == null ? new RecordHeaders() : m.getHeaders(),
                            m.getRecord().value()))
                    .orElseGet(() -> new Source(null, null, null, null, new RecordHeaders(), message.getPayload()));
        }

        private static byte[] bytes(Object key) {
            return key == null
                    ? null
                    : key instanceof byte[] raw ? raw : key.toString().getBytes(UTF_8);
        }

        /** The value deserialized by the channel's byte-array deserializer. */
        byte[] value(Message<byte[]> message) {
            return raw instanceof byte[] bytes ? bytes : message.getPayload();
        }

        String where() {
            return topic + "-" + partition + "@" + offset;
        }
    }
}
