package dev.baton.writer.publish;

import dev.baton.client.BatonClient;
import dev.baton.client.BatonException;
import dev.baton.client.Grant;
import dev.baton.client.Lease;
import dev.baton.client.Reason;
import dev.baton.client.RejectedException;
import dev.baton.contracts.catalog.ClientSecurity;
import dev.baton.writer.config.WriterConfig;
import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.publish.DevlogDecisions.Plan;
import dev.baton.writer.render.DevlogRenderer;
import dev.baton.writer.render.Post;
import dev.baton.writer.streams.DayMaterialQuery;
import dev.baton.writer.streams.DayMaterialQuery.Lookup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The writer as an agent. Writing a day's post is a work item like any other, submitted and
 * claimed over the public API through the Java client, and the claim engine decides who writes it:
 *
 * <ol>
 *   <li>read the day's material; none, no post;</li>
 *   <li>read {@code devlog-posts} to its end; when the latest version was written from the same
 *       material, nothing changes;</li>
 *   <li>submit the item {@code devlog:YYYY-MM-DD} (version 1) or {@code devlog:YYYY-MM-DD/vN} to the
 *       backlog service, and claim it by id from the claim-service. Every replica names the same item
 *       for the same version, so only one holds it; the others wait for its post, and take the item
 *       over if the holder dies and its lease runs out;</li>
 *   <li>holding it, keep its {@link Lease} (heartbeats at a third of it), render, publish the
 *       CloudEvent, write both files, and complete the item. A holder whose heartbeat was refused, or
 *       whose lease ends within two seconds, does not publish.</li>
 * </ol>
 *
 * The item's events are material for the next day: the writer's own work shows in tomorrow's post.
 * What is decided here is decided in {@link DevlogDecisions}; this class does the reading and writing.
 */
@ApplicationScoped
public class DevlogCycle {

    private static final Logger LOG = Logger.getLogger("writer.devlog");
    private static final Duration ASK = Duration.ofSeconds(10);
    private static final Duration PAUSE = Duration.ofMillis(250);
    /** Completing after the post is out is worth waiting for longer: the item is otherwise left to the next holder. */
    private static final Duration COMPLETE_PATIENCE = Duration.ofSeconds(30);

    @Inject
    BatonClient client;

    @Inject
    DayMaterialQuery material;

    @Inject
    DevlogRenderer renderer;

    @Inject
    PostsView posts;

    @Inject
    WriterConfig config;

    @Inject
    DevlogMeters meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    Clock clock = Clock.systemUTC();

    private BlogFolder blog;
    private NextUpLookup nextUp;
    private KafkaProducer<String, byte[]> producer;

    /** What a run of the cycle came to. */
    public sealed interface Outcome {

        /** A new version was published by this writer. */
        record Published(PublishedPost post) implements Outcome {}

        /** The latest version was already written from this material (by this replica or another). */
        record Unchanged(PublishedPost post) implements Outcome {}

        /** Nothing was finished, failed, expired or went dead that day. */
        record NoMaterial(LocalDate date) implements Outcome {}

        /** The post could not be settled within the patience: {@code reason} says what stood in the way. */
        record Busy(String reason) implements Outcome {}
    }

    @PostConstruct
    void start() {
        blog = new BlogFolder(config.publish().blogDir());
        nextUp = new NextUpLookup(client, config.publish().nextUp());
        // devlog-posts is the one topic the writer writes (besides its own stream's dead letters and
        // internal topics): everything else goes through the public API, as for any agent.
        producer = new KafkaProducer<>(
                ClientSecurity.with(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.CLIENT_ID_CONFIG,
                                agent() + "-posts"),
                        ClientSecurity.of(name -> ConfigProvider.getConfig().getOptionalValue(name, String.class))),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @PreDestroy
    void stop() {
        producer.close(Duration.ofSeconds(2));
    }

    /** The agent this writer claims as, and the {@code publishedBy} of its posts: {@code writer-<instance>-<random>}. */
    public String agent() {
        return client.agent();
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
                final Plan plan = DevlogDecisions.plan(today, posts.latest(slug));
                if (plan instanceof Plan.Unchanged unchanged) {
                    blog.write(unchanged.latest());
                    return new Outcome.Unchanged(unchanged.latest());
                }
                final Plan.Write write = (Plan.Write) plan;
                final String itemId = client.submit(
                                DevlogDecisions.item(day, write.version(), passedOver, leaseSeconds()))
                        .id();
                final long askedAt = System.nanoTime();
                final Grant grant;
                try {
                    grant = client.claim(itemId, leaseSeconds());
                } catch (RejectedException refused) {
                    if (refused.reason() == Reason.TERMINAL) {
                        // Finished by another replica since we read the posts, or ended without a post.
                        posts.catchUp(ASK);
                        if (DevlogDecisions.passOver(write.version(), posts.latest(slug))) {
                            passedOver++;
                            LOG.warnf(
                                    "writer.devlog status=passed-over item=%s state=%s slug=%s version=%d",
                                    itemId, refused.state(), slug, write.version());
                        }
                        continue;
                    }
                    holdUp = DevlogDecisions.holdUp(
                            refused.reason(),
                            refused.owner(),
                            refused.leaseUntil(),
                            refused.detail(),
                            itemId,
                            slug,
                            write.version());
                    pause(deadline);
                    continue;
                }
                final Outcome written = write(today, write, grant, askedAt);
                if (written != null) {
                    return written;
                }
                continue;
            } catch (BatonException | IllegalStateException e) {
                holdUp = e.getMessage();
            }
            pause(deadline);
        }
        return new Outcome.Busy(holdUp);
    }

    /**
     * Holding the item: render, publish, write the files, complete; its lease is kept meanwhile.
     * Returns {@code null} when the version turned out to be published already by a holder before
     * us: the item is completed and the caller looks at the material again.
     */
    private Outcome write(DayMaterial day, Plan.Write plan, Grant grant, long askedAt) {
        final String slug = PublishedPost.slugOf(day.date());
        final int version = plan.version();
        boolean sent = false;
        try (Lease lease = Lease.keep(client, grant)
                .leaseSeconds(leaseSeconds())
                .askedAt(askedAt)
                .start()) {
            lease.progress("writing " + slug + " version " + version);
            final Post post = renderer.render(day, nextUp.mostUrgent())
                    .orElseThrow(() -> new IllegalStateException("the material of " + day.date() + " makes no post"));
            posts.catchUp(ASK);
            final Optional<PublishedPost> already = DevlogDecisions.alreadyOut(version, posts.latest(slug));
            if (already.isPresent()) {
                // A holder before us published this version and lost its lease before completing.
                blog.write(already.get());
                lease.close();
                complete(grant, already.get());
                return null;
            }
            final PublishedPost published =
                    PublishedPost.of(post, version, plan.materialHash(), clock.instant(), agent());
            final Optional<String> lost = DevlogDecisions.notPublishing(lease.lostBecause(), lease.left());
            if (lost.isPresent()) {
                return new Outcome.Busy("lost the devlog item before publishing: " + lost.get());
            }
            producer.send(DevlogCloudEvent.record(published)).get(ASK.toMillis(), TimeUnit.MILLISECONDS);
            sent = true;
            posts.remember(published);
            meters.published(version);
            LOG.infof(
                    "writer.devlog status=published slug=%s version=%d items=%d agent=%s",
                    slug, version, published.itemIds().size(), agent());
            // From here on the post is out: what fails now is retried or left to the next holder, never undone.
            try {
                blog.write(published);
            } catch (RuntimeException e) {
                LOG.errorf(
                        "writer.devlog status=files-not-written slug=%s version=%d reason=%s",
                        slug, version, e.toString());
            }
            lease.close();
            complete(grant, published);
            return new Outcome.Published(published);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            final String why = e instanceof ExecutionException ? String.valueOf(e.getCause()) : e.toString();
            meters.failed();
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
        }
    }

    /** Completes the item, the client asking again while nobody answers; a refusal is left to the next holder. */
    private void complete(Grant grant, PublishedPost post) {
        try {
            client.withRetry(client.retryPolicy().withDeadline(COMPLETE_PATIENCE))
                    .complete(grant.itemId(), grant.epoch(), DevlogDecisions.completion(post));
        } catch (RejectedException refused) {
            // The post is out; the next holder of the item finds it and completes the item.
            LOG.warnf("writer.devlog status=complete-refused item=%s reason=%s", grant.itemId(), refused.reasonName());
        } catch (BatonException unanswered) {
            LOG.warnf(
                    "writer.devlog status=complete-unanswered item=%s reason=%s",
                    grant.itemId(), unanswered.getMessage());
        }
    }

    /** Gives the item back for another try (the post is not out): this writer or another claims it again. */
    private void fail(Grant grant, String error) {
        final boolean interrupted = Thread.interrupted(); // the call below must be able to wait for its answer
        try {
            client.fail(grant.itemId(), grant.epoch(), error, true);
        } catch (RejectedException refused) {
            // Lost already: the engine has the item back, or another writer holds it.
            LOG.infof("writer.devlog status=fail-refused item=%s reason=%s", grant.itemId(), refused.reasonName());
        } catch (BatonException e) {
            LOG.warnf("writer.devlog status=fail-unsent item=%s reason=%s", grant.itemId(), e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
}
