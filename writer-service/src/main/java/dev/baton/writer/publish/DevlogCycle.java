package dev.baton.writer.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemIds;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.json.Json;
import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import dev.baton.engine.client.EngineTimeout;
import dev.baton.writer.config.WriterConfig;
import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.DevlogItems;
import dev.baton.writer.render.DevlogRenderer;
import dev.baton.writer.render.Post;
import dev.baton.writer.streams.DayMaterialQuery;
import dev.baton.writer.streams.DayMaterialQuery.Lookup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The writer as an agent. Writing a day's post is a work item like any other, and the claim
 * engine decides who writes it:
 *
 * <ol>
 *   <li>read the day's material; none, no post;</li>
 *   <li>read {@code devlog-posts} to its end; when the latest version was written from the same
 *       material, nothing changes;</li>
 *   <li>submit the item {@code devlog:YYYY-MM-DD} (version 1) or {@code devlog:YYYY-MM-DD/vN}, and
 *       claim it by id. Every replica names the same item for the same version, so only one holds it;
 *       the others wait for its post, and take the item over if the holder dies and its lease runs out;</li>
 *   <li>holding it, heartbeat at a third of the lease, render, publish the CloudEvent, write both
 *       files, and complete the item. A holder whose heartbeat is refused stops before publishing.</li>
 * </ol>
 *
 * The item's events are material for the next day: the writer's own work shows in tomorrow's post.
 */
@ApplicationScoped
public class DevlogCycle {

    private static final Logger LOG = Logger.getLogger("writer.devlog");
    private static final Duration ASK = Duration.ofSeconds(10);
    private static final Duration PAUSE = Duration.ofMillis(250);

    @Inject
    EngineGateway gateway;

    @Inject
    DayMaterialQuery material;

    @Inject
    DevlogRenderer renderer;

    @Inject
    PostsView posts;

    @Inject
    WriterConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "baton.instance-id")
    String instanceId;

    Clock clock = Clock.systemUTC();

    private String agent;
    private BlogFolder blog;
    private NextUpLookup nextUp;
    private KafkaProducer<String, byte[]> producer;
    private ScheduledExecutorService heartbeats;

    /** What a run of the cycle came to. */
    public sealed interface Outcome {

        /** A new version was published by this writer. */
        record Published(PublishedPost post) implements Outcome {
        }

        /** The latest version was already written from this material (by this replica or another). */
        record Unchanged(PublishedPost post) implements Outcome {
        }

        /** Nothing was finished, failed, expired or went dead that day. */
        record NoMaterial(LocalDate date) implements Outcome {
        }

        /** The post could not be settled within the patience: {@code reason} says what stood in the way. */
        record Busy(String reason) implements Outcome {
        }
    }

    @PostConstruct
    void start() {
        // One name per process: a restarted writer is a new agent and cannot act on its old grants.
        agent = "writer-" + instanceId + "-" + UUID.randomUUID().toString().substring(0, 8);
        blog = new BlogFolder(config.publish().blogDir());
        nextUp = new NextUpLookup(config.publish().backlogUrl(), config.publish().nextUp());
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, agent + "-posts"), new StringSerializer(), new ByteArraySerializer());
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "writer-heartbeats");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
        producer.close(Duration.ofSeconds(2));
    }

    public String agent() {
        return agent;
    }

    public BlogFolder blog() {
        return blog;
    }

    /** Runs the whole cycle for the day, waiting up to {@code baton.writer.publish.patience}. */
    public Outcome run(LocalDate day) {
        final Instant deadline = clock.instant().plus(config.publish().patience());
        final String slug = PublishedPost.slugOf(day);
        String holdUp = "nothing tried yet";
        // Items of a version found finished without a post (cancelled by hand, say) are passed over;
        // every replica meets them in the same order, so every replica names the same next item.
        int passedOver = 0;
        while (clock.instant().isBefore(deadline) && !Thread.currentThread().isInterrupted()) {
            try {
                final Lookup lookup = material.find(day);
                if (lookup instanceof Lookup.Missing) {
                    return new Outcome.NoMaterial(day);
                }
                if (lookup instanceof Lookup.Unavailable unavailable) {
                    holdUp = "the day's material is not readable yet: " + unavailable.reason();
                    pause(deadline);
                    continue;
                }
                final DayMaterial today = ((Lookup.Found) lookup).material();
                if (!DevlogRenderer.hasMaterial(today)) {
                    return new Outcome.NoMaterial(day);
                }
                posts.catchUp(ASK);
                final Optional<PublishedPost> latest = posts.latest(slug);
                final String hash = fingerprint(today);
                if (latest.isPresent() && latest.get().materialHash().equals(hash)) {
                    blog.write(latest.get());
                    return new Outcome.Unchanged(latest.get());
                }
                final int version = latest.map(p -> p.version() + 1).orElse(1);
                final String itemId = submit(day, version, passedOver);
                final Reply reply = gateway.ask(new Command.ClaimItem(UUID.randomUUID().toString(), itemId, agent,
                        leaseSeconds()), null, ASK);
                if (reply instanceof Reply.Granted granted && !granted.grants().isEmpty()) {
                    final Outcome written = write(today, version, hash, granted.grants().get(0));
                    if (written != null) {
                        return written;
                    }
                    continue;
                }
                if (reply instanceof Reply.Rejected rejected) {
                    final Rejection refused = rejected.rejection();
                    if (refused.reason() == Reason.TERMINAL) {
                        // Finished by another replica since we read the posts, or ended without a post.
                        posts.catchUp(ASK);
                        if (posts.latest(slug).map(PublishedPost::version).orElse(0) < version) {
                            passedOver++;
                            LOG.warnf("writer.devlog status=passed-over item=%s state=%s slug=%s version=%d",
                                    itemId, refused.state(), slug, version);
                        }
                        continue;
                    }
                    holdUp = refused.reason() == Reason.ALREADY_CLAIMED
                            ? refused.owner() + " is writing version " + version + " of " + slug + " (lease until "
                                    + refused.leaseUntil() + ")"
                            : refused.reason() + " on the devlog item " + itemId + ": " + refused.detail();
                } else {
                    holdUp = "unexpected answer to a claim: " + reply;
                }
            } catch (EngineTimeout | IllegalStateException e) {
                holdUp = e.getMessage();
            }
            pause(deadline);
        }
        return new Outcome.Busy(holdUp);
    }

    /** Submits the day's devlog item for the version; every replica names the same item. */
    private String submit(LocalDate day, int version, int passedOver) {
        final String key = (version == 1 ? "devlog:" + day : "devlog:" + day + "/v" + version)
                + (passedOver == 0 ? "" : "#" + passedOver);
        final String itemId = ItemIds.forKey(key);
        final ObjectNode payload = Json.mapper().createObjectNode().put("date", day.toString()).put("version", version);
        final ItemSpec spec = new ItemSpec(DevlogItems.TYPE, "Devlog: " + day + (version == 1 ? "" : " (version " + version + ")"),
                payload, 0, DevlogItems.labels(day), 5, leaseSeconds(), null, List.of());
        gateway.submitAndWait(new ItemEvent.ItemSubmitted(itemId, clock.instant(), null, spec,
                UUID.randomUUID().toString()), ASK);
        return itemId;
    }

    /**
     * Holding the item: render, publish, write the files, complete; heartbeats run meanwhile.
     * Returns {@code null} when the version turned out to be published already by a holder before
     * us: the item is completed and the caller looks at the material again.
     */
    private Outcome write(DayMaterial day, int version, String hash, Grant grant) {
        final String slug = PublishedPost.slugOf(day.date());
        final Holding holding = new Holding(grant.leaseUntil());
        final long beat = Math.max(1, leaseSeconds() * 1000L / 3);
        final ScheduledFuture<?> beating = heartbeats.scheduleAtFixedRate(() -> heartbeat(grant, slug, holding), beat,
                beat, TimeUnit.MILLISECONDS);
        boolean sent = false;
        try {
            final Post post = renderer.render(day, nextUp.mostUrgent()).orElseThrow(
                    () -> new IllegalStateException("the material of " + day.date() + " makes no post"));
            posts.catchUp(ASK);
            final Optional<PublishedPost> already = posts.latest(slug).filter(p -> p.version() >= version);
            if (already.isPresent()) {
                // A holder before us published this version and lost its lease before completing.
                blog.write(already.get());
                complete(grant, already.get());
                return null;
            }
            final PublishedPost published = PublishedPost.of(post, version, hash, clock.instant(), agent);
            final String lost = holding.lostAt(clock.instant());
            if (lost != null) {
                return new Outcome.Busy("lost the devlog item before publishing: " + lost);
            }
            final ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEVLOG_POSTS.name(), slug,
                    DevlogCloudEvent.encode(published));
            record.headers().add("content-type", DevlogCloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(ASK.toMillis(), TimeUnit.MILLISECONDS);
            sent = true;
            posts.remember(published);
            LOG.infof("writer.devlog status=published slug=%s version=%d items=%d agent=%s", slug, version,
                    published.itemIds().size(), agent);
            // From here on the post is out: what fails now is retried or left to the next holder, never undone.
            try {
                blog.write(published);
            } catch (RuntimeException e) {
                LOG.errorf("writer.devlog status=files-not-written slug=%s version=%d reason=%s", slug, version,
                        e.toString());
            }
            complete(grant, published);
            return new Outcome.Published(published);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            final String why = e instanceof ExecutionException ? String.valueOf(e.getCause()) : e.toString();
            if (!sent) {
                fail(grant, why);
            }
            return new Outcome.Busy("could not publish " + slug + ": " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!sent) {
                fail(grant, "interrupted");
            }
            return new Outcome.Busy("interrupted while publishing " + slug);
        } finally {
            beating.cancel(false);
        }
    }

    /** What this writer knows of its hold on the item: until when, and whether the engine took it back. */
    private static final class Holding {

        /** Not publishing this close to the end of the lease: the engine may take the item back any moment. */
        private static final Duration MARGIN = Duration.ofSeconds(2);

        private volatile Instant leaseUntil;
        private final AtomicReference<String> refused = new AtomicReference<>();

        Holding(Instant leaseUntil) {
            this.leaseUntil = leaseUntil;
        }

        /** Why the hold is gone or about to go at {@code now}; {@code null} while it holds. */
        String lostAt(Instant now) {
            if (refused.get() != null) {
                return refused.get();
            }
            return leaseUntil != null && now.plus(MARGIN).isAfter(leaseUntil)
                    ? "the lease ends at " + leaseUntil + " and no heartbeat extended it" : null;
        }
    }

    private void heartbeat(Grant grant, String slug, Holding holding) {
        try {
            final Reply reply = gateway.ask(new Command.RenewLease(UUID.randomUUID().toString(), grant.itemId(), agent,
                    grant.epoch(), leaseSeconds(), "writing " + slug), null, ASK);
            if (reply instanceof Reply.Accepted accepted && accepted.leaseUntil() != null) {
                holding.leaseUntil = accepted.leaseUntil();
            } else if (reply instanceof Reply.Rejected rejected) {
                holding.refused.compareAndSet(null,
                        rejected.rejection().reason() + ": " + rejected.rejection().detail());
            }
        } catch (EngineTimeout e) {
            LOG.warnf("writer.devlog status=heartbeat-unanswered item=%s", grant.itemId());
        } catch (RuntimeException e) {
            LOG.warnf("writer.devlog status=heartbeat-error item=%s reason=%s", grant.itemId(), e.toString());
        }
    }

    /** Completes the item, asking again when the engine does not answer; a refusal is left to the next holder. */
    private void complete(Grant grant, PublishedPost post) {
        final Result result = new Result("Published " + post.title() + " (version " + post.version() + ") from "
                + post.itemIds().size() + " items", post.description(), List.of(DevlogItems.TYPE),
                List.of("devlog.publish slug=" + post.slug() + " version=" + post.version() + " items="
                        + post.itemIds().size()));
        final Command.CompleteItem command = new Command.CompleteItem(UUID.randomUUID().toString(), grant.itemId(),
                agent, grant.epoch(), result);
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                final Reply reply = gateway.ask(command, null, ASK);
                if (reply instanceof Reply.Rejected rejected) {
                    // The post is out; the next holder of the item finds it and completes the item.
                    LOG.warnf("writer.devlog status=complete-refused item=%s reason=%s", grant.itemId(),
                            rejected.rejection().reason());
                }
                return;
            } catch (EngineTimeout e) {
                LOG.warnf("writer.devlog status=complete-unanswered item=%s attempt=%d", grant.itemId(), attempt);
            }
        }
    }

    private void fail(Grant grant, String error) {
        try {
            gateway.ask(new Command.FailItem(UUID.randomUUID().toString(), grant.itemId(), agent, grant.epoch(),
                    error, true), null, ASK);
        } catch (RuntimeException e) {
            LOG.warnf("writer.devlog status=fail-unsent item=%s reason=%s", grant.itemId(), e.toString());
        }
    }

    private int leaseSeconds() {
        return (int) Math.max(1, config.publish().lease().toSeconds());
    }

    /** Waits a little before looking again, never past the deadline. */
    private void pause(Instant deadline) {
        final long left = Duration.between(clock.instant(), deadline).toMillis();
        if (left <= 0) {
            return;
        }
        try {
            Thread.sleep(Math.min(PAUSE.toMillis(), left));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a post is written from, as one value: equal material, equal fingerprint. */
    static String fingerprint(DayMaterial day) {
        try {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(Json.mapper().writeValueAsBytes(day)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
