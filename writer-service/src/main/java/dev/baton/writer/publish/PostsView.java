package dev.baton.writer.publish;

import dev.baton.contracts.catalog.ClientSecurity;
import dev.baton.contracts.catalog.Topics;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every post published on {@code devlog-posts}, the latest version per slug, read from the
 * beginning of the compacted topic and kept up to date. {@link #catchUp} waits until everything
 * published before the call has been read: a writer that holds a day's devlog item calls it
 * before deciding the next version, so it sees what any other replica published.
 *
 * <p>A record that is not a devlog post is logged and skipped; this service is the topic's only
 * writer, so such a record is an operator's mistake, not lost work.
 */
@ApplicationScoped
@Startup
public class PostsView {

    private static final Logger LOG = Logger.getLogger("writer.posts");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    private static final Duration ASK = Duration.ofSeconds(10);

    private final Map<String, PublishedPost> latest = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> syncs = new ConcurrentLinkedQueue<>();
    private KafkaConsumer<String, byte[]> consumer;
    private Thread reader;
    private volatile boolean running;

    @PostConstruct
    void start() {
        consumer = new KafkaConsumer<>(
                ClientSecurity.with(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                service + "-posts"),
                        ClientSecurity.of(name -> ConfigProvider.getConfig().getOptionalValue(name, String.class))),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEVLOG_POSTS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("the topic " + Topics.DEVLOG_POSTS.name() + " does not exist; create the "
                    + "topic catalog first (kafka-local does it on start)");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        running = true;
        reader = new Thread(this::read, service + "-posts");
        reader.setDaemon(true);
        reader.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        syncs.forEach(f -> f.completeExceptionally(new IllegalStateException("shutting down")));
    }

    /** The latest version published for the slug. */
    public Optional<PublishedPost> latest(String slug) {
        return Optional.ofNullable(latest.get(slug));
    }

    /** Every day's latest post, newest day first. */
    public List<PublishedPost> all() {
        final List<PublishedPost> posts = new ArrayList<>(latest.values());
        posts.sort(Comparator.comparing(PublishedPost::date).reversed());
        return posts;
    }

    /** Takes in a post this instance has just published, without waiting to read it back. */
    void remember(PublishedPost post) {
        latest.merge(post.slug(), post, PostsView::newer);
    }

    /** Returns once every post published before this call has been read; throws on timeout. */
    public void catchUp(Duration timeout) {
        final CompletableFuture<Void> sync = new CompletableFuture<>();
        syncs.add(sync);
        consumer.wakeup();
        try {
            sync.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("devlog-posts was not read to its end within " + timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "devlog-posts could not be read: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading devlog-posts");
        } finally {
            syncs.remove(sync);
            sync.cancel(false);
        }
    }

    private void read() {
        final Map<CompletableFuture<Void>, Map<TopicPartition, Long>> targets = new HashMap<>();
        while (running) {
            try {
                for (final CompletableFuture<Void> sync : syncs) {
                    targets.computeIfAbsent(sync, s -> consumer.endOffsets(consumer.assignment(), ASK));
                }
                try {
                    for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        take(record);
                    }
                } catch (WakeupException e) {
                    // a catch-up request arrived, or the end: look at the targets at once
                }
                targets.entrySet().removeIf(target -> target.getKey().isDone() || reached(target));
            } catch (WakeupException e) {
                // woken outside the poll; the next round takes the request
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("writer.posts status=read-error reason=%s", e.toString());
                    rest();
                }
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    private boolean reached(Map.Entry<CompletableFuture<Void>, Map<TopicPartition, Long>> target) {
        final boolean reached = target.getValue().entrySet().stream()
                .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        if (reached) {
            target.getKey().complete(null);
        }
        return reached;
    }

    /** After an error: do not spin on a broker that keeps failing. */
    private static void rest() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            latest.remove(record.key());
            return;
        }
        try {
            final PublishedPost post = DevlogCloudEvent.decode(record.value());
            latest.merge(post.slug(), post, PostsView::newer);
        } catch (IllegalArgumentException e) {
            LOG.warnf(
                    "writer.posts status=skipped partition=%d offset=%d reason=%s",
                    record.partition(), record.offset(), e.getMessage());
        }
    }

    private static PublishedPost newer(PublishedPost a, PublishedPost b) {
        return b.version() >= a.version() ? b : a;
    }
}
