package dev.baton.engine.client;

import dev.baton.contracts.catalog.ClientSecurity;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.reply.ReadyHint;
import dev.baton.contracts.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * Request-reply over Kafka between the agent API and the claim engine.
 *
 * <p>A command goes to {@code claim-requests} (keyed by item id, or to a chosen partition for
 * claim-next); the engine answers on {@code claim-replies} keyed by request id. Every API
 * instance reads every reply partition (read-committed, so only answers whose effects are
 * committed), completes the caller waiting on that request id, and keeps recent answers so a
 * retried request is answered without asking the engine again. The same consumer follows
 * {@code claim-hints}: which engine partitions hold ready items of which types.
 *
 * <p>Why not a generic request-reply helper: the engine is a Streams topology whose sink picks
 * the reply partition from the key, and answers must be read committed; this class is the
 * small piece that fits exactly that. Framework-free: each service starts and closes it.
 *
 * <p>Nothing here makes its caller wait on a thread: {@link #send}, {@link #submit} and
 * {@link #hintAfter} return futures, completed by the reply listener or by the gateway's timer.
 * Records are handed to the producer by a sender thread of the gateway's own, because
 * {@code KafkaProducer.send} may block (for topic metadata it has not fetched or has forgotten
 * after {@code metadata.max.idle.ms}, or for buffer space, up to {@code max.block.ms}), and its
 * callers include event loops. The blocking {@link #ask} and {@link #submitAndWait} remain for
 * callers on threads of their own (the writer's cycle, tests).
 */
public final class EngineGateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EngineGateway.class);
    private static final Codec<Command> COMMANDS = Codec.of(Command.class);
    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    private static final Codec<Reply> REPLIES = Codec.of(Reply.class);
    private static final Codec<ReadyHint> HINTS = Codec.of(ReadyHint.class);
    private static final Duration REMEMBER = Duration.ofMinutes(10);
    private static final int REMEMBER_MAX = 200_000;
    /**
     * Bytes of recent answers kept, whatever their count: an answer to a holder's batch carries up
     * to a hundred answers, and ten minutes of them must not fill the heap.
     */
    private static final long REMEMBER_MAX_BYTES = 64L * 1024 * 1024;

    private final String bootstrap;
    private final String clientName;

    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread listener;
    private ExecutorService sender;
    private ScheduledThreadPoolExecutor timer;
    private HintWaits hintWaits;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private int partitions;
    private final Map<String, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();
    private final Map<String, Object> security;
    private final Map<String, byte[]> recent = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Remembered> recentOrder = new ConcurrentLinkedQueue<>();
    private long recentBytes;
    private final Map<Integer, ReadyHint> hints = new ConcurrentHashMap<>();
    private volatile Consumer<Headers> stamp = headers -> {};

    private record Remembered(String requestId, long at) {}

    /**
     * @param bootstrap  the Kafka bootstrap servers
     * @param clientName names this client's producer and consumer in the broker's view
     */
    public EngineGateway(String bootstrap, String clientName) {
        this(bootstrap, clientName, Map.of());
    }

    /**
     * @param security the client settings of a secured cluster ({@link ClientSecurity}): SASL, TLS
     */
    public EngineGateway(String bootstrap, String clientName, Map<String, Object> security) {
        this.bootstrap = bootstrap;
        this.clientName = clientName;
        this.security = Map.copyOf(security);
    }

    /**
     * Has every record this gateway writes stamped by {@code stamp} on the caller's thread, as it
     * is asked: the service writes its trace context there, so a call's trace crosses Kafka.
     */
    public EngineGateway stampingWith(Consumer<Headers> stamp) {
        this.stamp = stamp;
        return this;
    }

    /** Connects, positions the reply reader at the end and starts reading hints from the beginning. */
    public EngineGateway start() {
        timer = new ScheduledThreadPoolExecutor(1, daemon(clientName + "-timer"));
        // A request answered in time cancels its timeout: do not keep ten seconds of them queued.
        timer.setRemoveOnCancelPolicy(true);
        hintWaits = new HintWaits(timer);
        sender = Executors.newSingleThreadExecutor(daemon(clientName + "-sender"));
        producer = new KafkaProducer<>(
                ClientSecurity.with(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.LINGER_MS_CONFIG,
                                0,
                                ProducerConfig.CLIENT_ID_CONFIG,
                                clientName + "-requests"),
                        security),
                new StringSerializer(),
                new ByteArraySerializer());
        partitions = producer.partitionsFor(Topics.CLAIM_REQUESTS.name()).size();
        consumer = new KafkaConsumer<>(
                ClientSecurity.with(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                clientName + "-replies"),
                        security),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        final List<TopicPartition> replies = partitionsOf(Topics.CLAIM_REPLIES.name());
        final List<TopicPartition> hintPartitions = partitionsOf(Topics.CLAIM_HINTS.name());
        final List<TopicPartition> all = new ArrayList<>(replies);
        all.addAll(hintPartitions);
        consumer.assign(all);
        // Answers to requests made before this instance started are not ours; hints are all wanted.
        consumer.seekToEnd(replies);
        consumer.seekToBeginning(hintPartitions);
        replies.forEach(consumer::position);
        final Map<TopicPartition, Long> hintEnds = consumer.endOffsets(hintPartitions);
        running = true;
        listener = new Thread(() -> listen(hintEnds), clientName + "-replies");
        listener.setDaemon(true);
        listener.start();
        return this;
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (listener != null) {
            try {
                listener.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sender != null) {
            sender.shutdown();
            try {
                sender.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException("shutting down")));
    }

    /** Ready once the listener has read every hint published before it started. */
    public boolean ready() {
        return running && caughtUp && listener != null && listener.isAlive();
    }

    public int partitions() {
        return partitions;
    }

    /**
     * The partition of {@code claim-requests} that owns an item: the one the producer picks for
     * the item's id as key, so a record sent there explicitly reaches the same engine task as the
     * item's single commands.
     */
    public int partitionOf(String itemId) {
        return Utils.toPositive(Utils.murmur2(itemId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The answer given recently to this request id, by any instance; {@code null} if none is known. */
    public Reply recentAnswer(String requestId) {
        final byte[] raw = recent.get(requestId);
        return raw == null || !(REPLIES.decode(raw) instanceof Decoded.Ok<Reply> ok) ? null : ok.value();
    }

    /**
     * Sends a command and completes with the engine's answer, or fails with {@link EngineTimeout}
     * when none came within {@code timeout}. Item commands go to the item's partition;
     * {@code partition} is for claim-next only. Returns at once.
     */
    public CompletableFuture<Reply> send(Command command, Integer partition, Duration timeout) {
        final String key = command.itemId() != null ? command.itemId() : command.requestId();
        return request(
                Topics.CLAIM_REQUESTS.name(), partition, key, COMMANDS.encode(command), command.requestId(), timeout);
    }

    /**
     * Writes a submission to {@code backlog-items} and completes with the engine's answer:
     * {@link Reply.Submitted}, saying whether the item is new or was there already. Fails with
     * {@link SubmissionRefused} when the engine refused it, and with {@link EngineTimeout} when
     * no answer came in time. Returns at once.
     */
    public CompletableFuture<Reply> submit(ItemEvent.ItemSubmitted submitted, Duration timeout) {
        return request(
                        Topics.BACKLOG_ITEMS.name(),
                        null,
                        submitted.itemId(),
                        EVENTS.encode(submitted),
                        submitted.requestId(),
                        timeout)
                .thenApply(reply -> {
                    if (reply instanceof Reply.Rejected rejected) {
                        throw new SubmissionRefused(rejected.rejection());
                    }
                    return reply;
                });
    }

    /** {@link #send}, waiting for the answer; throws {@link EngineTimeout} when none comes in time. */
    public Reply ask(Command command, Integer partition, Duration timeout) {
        return await(send(command, partition, timeout), command.requestId(), timeout);
    }

    /**
     * {@link #submit}, waiting for the answer; throws {@link EngineTimeout} when none comes in
     * time and {@link SubmissionRefused} when the engine refused the submission.
     */
    public Reply.Submitted submitAndWait(ItemEvent.ItemSubmitted submitted, Duration timeout) {
        return (Reply.Submitted) await(submit(submitted, timeout), submitted.requestId(), timeout);
    }

    private CompletableFuture<Reply> request(
            String topic, Integer partition, String key, byte[] value, String requestId, Duration timeout) {
        final CompletableFuture<Reply> answer = new CompletableFuture<>();
        final CompletableFuture<Reply> already = waiting.putIfAbsent(requestId, answer);
        if (already != null) {
            // The same request is in flight from this instance: share its answer.
            return already.copy();
        }
        try {
            final ScheduledFuture<?> timeUp = timer.schedule(
                    () -> answer.completeExceptionally(new EngineTimeout(requestId, timeout.toMillis())),
                    timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            answer.whenComplete((reply, error) -> {
                waiting.remove(requestId, answer);
                timeUp.cancel(false);
            });
            final ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, key, value);
            stamp.accept(record.headers());
            sender.execute(() -> hand(answer, record));
        } catch (RejectedExecutionException closing) {
            answer.completeExceptionally(new IllegalStateException("shutting down"));
        }
        // Each caller gets its own view: one that gives up (a client that went away) cancels only its own.
        return answer.copy();
    }

    /** On the sender thread: gives the record to the producer, unless nobody waits for its answer any more. */
    private void hand(CompletableFuture<Reply> answer, ProducerRecord<String, byte[]> record) {
        if (answer.isDone()) {
            // Timed out while the producer was blocked: its caller was told to retry, so sending now acts for nobody.
            return;
        }
        try {
            producer.send(record, (meta, error) -> {
                if (error != null) {
                    answer.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }

    /**
     * Waits for an answer from {@link #send} or {@link #submit}; throws {@link EngineTimeout} when
     * none came in time, {@link SubmissionRefused} when the engine refused a submission.
     */
    public static Reply await(CompletableFuture<? extends Reply> answer, String requestId, Duration timeout) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineTimeout) {
                throw new EngineTimeout(requestId, timeout.toMillis());
            }
            if (e.getCause() instanceof SubmissionRefused refused) {
                // Thrown again here, so the trace shows the caller that waited rather than the reply listener.
                throw new SubmissionRefused(refused.rejection());
            }
            throw new IllegalStateException(
                    "cannot reach the claim engine: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the claim engine", e);
        }
    }

    /**
     * Engine partitions whose latest hint says they hold ready items of one of the types (empty:
     * any), grouped by the priority of their most urgent such item, most urgent group first.
     */
    public List<List<Integer>> partitionsWithReady(Collection<String> types) {
        final java.util.TreeMap<Integer, List<Integer>> byPriority =
                new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (ReadyHint hint : hints.values()) {
            final Integer best = hint.best(types);
            if (best != null) {
                byPriority.computeIfAbsent(best, p -> new ArrayList<>()).add(hint.partition());
            }
        }
        byPriority.values().forEach(java.util.Collections::sort);
        return new ArrayList<>(byPriority.values());
    }

    /** Grows with every hint received: read it before looking at the hints, then wait with {@link #hintAfter}. */
    public long hintVersion() {
        return hintWaits.version();
    }

    /**
     * Completes when a hint newer than version {@code seen} has arrived (at once if one already
     * has), or once {@code timeout} has passed, whichever is first; never fails. No thread waits
     * meanwhile; cancelling the future ends the wait.
     */
    public CompletableFuture<Void> hintAfter(long seen, Duration timeout) {
        return hintWaits.after(seen, timeout);
    }

    /** How many {@link #hintAfter} waits are parked now: the long polls between their rounds. */
    public int hintWaiters() {
        return hintWaits.waiting();
    }

    private void listen(Map<TopicPartition, Long> hintEnds) {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.topic().equals(Topics.CLAIM_HINTS.name())) {
                        onHint(record);
                    } else {
                        onReply(record);
                    }
                }
                if (!caughtUp) {
                    caughtUp =
                            hintEnds.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                }
                forgetOldAnswers();
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("engine-client status=listener-failed", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void onReply(ConsumerRecord<String, byte[]> record) {
        // Every instance sees every answer: keep the bytes, decode only what someone waits for.
        final String requestId = record.key();
        if (requestId == null || record.value() == null) {
            return;
        }
        final byte[] previous = recent.put(requestId, record.value());
        // Only the listener thread counts the bytes: it alone adds and forgets answers.
        recentBytes += record.value().length - (previous == null ? 0 : previous.length);
        if (previous == null) {
            recentOrder.add(new Remembered(requestId, System.currentTimeMillis()));
        }
        final CompletableFuture<Reply> waiter = waiting.remove(requestId);
        if (waiter != null) {
            final Decoded<Reply> decoded = REPLIES.decode(record.value());
            if (decoded instanceof Decoded.Ok<Reply> ok) {
                waiter.complete(ok.value());
            } else {
                waiter.completeExceptionally(
                        new IllegalStateException("unreadable answer: " + ((Decoded.Failed<Reply>) decoded).reason()));
            }
        }
    }

    private void onHint(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        final Decoded<ReadyHint> decoded = HINTS.decode(record.value());
        if (decoded instanceof Decoded.Ok<ReadyHint> ok) {
            final ReadyHint hint = ok.value();
            final ReadyHint previous = hints.get(hint.partition());
            // Hints from a restarted task can overtake older ones in no order but offset order: keep the newest.
            if (previous == null || !hint.at().isBefore(previous.at())) {
                hints.put(hint.partition(), hint);
            }
            hintWaits.changed();
        }
    }

    private void forgetOldAnswers() {
        final long cutoff = System.currentTimeMillis() - REMEMBER.toMillis();
        Remembered oldest = recentOrder.peek();
        while (oldest != null
                && (oldest.at() < cutoff || recent.size() > REMEMBER_MAX || recentBytes > REMEMBER_MAX_BYTES)) {
            recentOrder.poll();
            final byte[] gone = recent.remove(oldest.requestId());
            if (gone != null) {
                recentBytes -= gone.length;
            }
            oldest = recentOrder.peek();
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            final Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private List<TopicPartition> partitionsOf(String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }
}
