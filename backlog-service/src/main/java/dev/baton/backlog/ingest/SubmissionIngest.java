package dev.baton.backlog.ingest;

import dev.baton.backlog.ingest.CloudEventReader.Reading;
import dev.baton.backlog.submit.Submissions;
import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineTimeout;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
 *       its key, original bytes and headers, and the reason; then the stream goes on;</li>
 *   <li>an engine that does not answer (or a dead letter Kafka does not take) is not the
 *       record's fault: the same request is retried with a capped backoff, on timers, never by
 *       blocking the event loop, for as long as the service runs. Nothing escapes to the
 *       channel, so one record never stops the stream.</li>
 * </ul>
 *
 * <p>Each outcome is one log line: {@code backlog.ingest id=<ce id> status=accepted|duplicate|dead-letter}.
 */
@ApplicationScoped
public class SubmissionIngest {

    private static final Logger LOG = Logger.getLogger("backlog.ingest");
    /** A dead letter's reason header is for people; a parser's complaint about a huge token is cut here. */
    static final int MAX_REASON_LENGTH = 2_000;

    @Inject
    Submissions submissions;

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
        // The bytes as the broker gave them, never a connector's conversion of them.
        final byte[] value = source.value(message);
        final Reading reading = CloudEventReader.read(value, source.headers());
        final Uni<Void> handled = reading instanceof Reading.Submission submission
                ? submit(submission, source)
                : deadLetter((Reading.Refused) reading, value, source);
        return handled
                .chain(() -> Uni.createFrom().completionStage(message::ack))
                .onFailure().recoverWithItem(failure -> {
                    // Only reached while stopping (or if an ack itself failed): the record stays
                    // unacknowledged, its offset uncommitted, and it is read again after a restart.
                    LOG.warnf("backlog.ingest id=%s status=unfinished reason=\"%s\" source=%s", idOf(reading.id()),
                            quote(describe(failure)), source.where());
                    return null;
                });
    }

    private Uni<Void> submit(Reading.Submission submission, Source source) {
        final AtomicInteger attempts = new AtomicInteger();
        return retried(submission.id(), source, attempts, () -> Uni.createFrom()
                .completionStage(() -> submissions.submit(submission.spec(), submission.id()))
                // Handing the record to the producer may wait for metadata: not on the event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .invoke(answer -> logSubmitted(submission, source, answer, attempts.get()))
                .replaceWithVoid();
    }

    private Uni<Void> deadLetter(Reading.Refused refused, byte[] value, Source source) {
        final String reason = clip(refused.reason());
        final Headers headers = DeadLetters.headers(source.headers().toArray(), reason, source.topic(),
                source.partition(), source.offset(), clock.instant());
        final OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(source.key())
                .withHeaders(headers)
                .build();
        final AtomicInteger attempts = new AtomicInteger();
        return retried(idOf(refused.id()), source, attempts,
                () -> deadLetters.sendMessage(Message.of(value).addMetadata(metadata)))
                .invoke(() -> LOG.warnf("backlog.ingest id=%s status=dead-letter reason=\"%s\" source=%s",
                        idOf(refused.id()), quote(reason), source.where()));
    }

    /**
     * Subscribes to {@code attempt} until it succeeds, backing off from {@code retry-backoff} up
     * to {@code max-retry-backoff} between tries. Both callers' requests are idempotent: the
     * submission names its item by the CloudEvent id, and a second dead letter of one record
     * says the same thing twice.
     */
    private <T> Uni<T> retried(String id, Source source, AtomicInteger attempts, Supplier<Uni<T>> attempt) {
        return Uni.createFrom().deferred(() -> {
                    attempts.incrementAndGet();
                    return attempt.get();
                })
                .onFailure(f -> !stopping).invoke(failure -> LOG.warnf(
                        "backlog.ingest id=%s status=retry attempt=%d reason=\"%s\" source=%s", id, attempts.get(),
                        quote(describe(failure)), source.where()))
                .onFailure(f -> !stopping).retry().withBackOff(retryBackoff, maxRetryBackoff).withJitter(0.2)
                .indefinitely();
    }

    private static void logSubmitted(Reading.Submission submission, Source source, Reply.Submitted answer,
            int attempts) {
        // After a timed-out attempt the engine may have taken the first try in: "duplicate" then
        // means this very record, which attempts>1 makes visible.
        LOG.infof("backlog.ingest id=%s status=%s item=%s mode=%s source=%s%s", submission.id(),
                answer.duplicate() ? "duplicate" : "accepted", answer.item().id(),
                submission.mode().name().toLowerCase(Locale.ROOT), source.where(),
                attempts > 1 ? " attempts=" + attempts : "");
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException || cause instanceof EngineTimeout) {
            return "the claim engine did not answer in time";
        }
        return cause.toString();
    }

    /** A record whose CloudEvent id could not be read is logged as {@code id=-}. */
    private static String idOf(String id) {
        return id == null ? "-" : id;
    }

    private static String clip(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH - 3) + "...";
    }

    private static String quote(String text) {
        return text == null ? "" : text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }

    /** Where a record was read: its key, position, headers and original value. */
    private record Source(String key, String topic, Integer partition, Long offset, Headers headers, Object raw) {

        static Source of(Message<?> message) {
            return message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(m -> new Source(m.getKey() == null ? null : m.getKey().toString(), m.getTopic(),
                            m.getPartition(), m.getOffset(),
                            m.getHeaders() == null ? new RecordHeaders() : m.getHeaders(), m.getRecord().value()))
                    .orElseGet(() -> new Source(null, null, null, null, new RecordHeaders(), message.getPayload()));
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
