package dev.baton.writer.streams;

import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.json.Json;
import dev.baton.writer.config.WriterConfig;
import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.MaterialSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a day's material from {@code devlog-days-store} (an interactive query), and says so
 * plainly when the store cannot answer yet: while Streams starts or rebalances.
 *
 * <p>With several writer replicas each day lives on the replica whose task owns the day's
 * partition. Each replica advertises its HTTP address as {@code application.server}
 * ({@code quarkus.kafka-streams.application-server}); a query for
 * a day held elsewhere is asked of that replica ({@code GET /devlogs/{date}/material?local=true}),
 * with the writer's own token.
 */
@ApplicationScoped
public class DayMaterialQuery {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    KafkaStreams streams;

    @Inject
    MaterialSettings settings;

    /** The writer's own token: another replica's API asks for one like any other caller's. */
    @Inject
    WriterConfig config;

    /** The day's material, from whichever replica holds it. */
    public Lookup find(LocalDate day) {
        final KeyQueryMetadata where = whereIs(day);
        if (where == null) {
            return new Lookup.Unavailable("the writer's tasks are being assigned");
        }
        if (holdsHere(where.partition())) {
            return findIn(day, where.partition());
        }
        final HostInfo holder = where.activeHost();
        if (holder == null || holder.port() < 0) {
            return new Lookup.Unavailable("the replica holding " + day + " has no address (set "
                    + "quarkus.kafka-streams.application-server)");
        }
        return askReplica(holder, day);
    }

    /** Whether one of this replica's own active tasks holds that partition of the days store. */
    private boolean holdsHere(int partition) {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .anyMatch(tp -> tp.partition() == partition && tp.topic().endsWith(DevlogTopology.DAYS_TOPIC_SUFFIX));
    }

    /**
     * The day's material from this replica's own store, for another replica that found this one
     * holds the day; unavailable when it does not (any more): a rebalance moved the day.
     */
    public Lookup findHere(LocalDate day) {
        final KeyQueryMetadata where = whereIs(day);
        if (where == null || !holdsHere(where.partition())) {
            return new Lookup.Unavailable("this replica does not hold " + day + " now");
        }
        return findIn(day, where.partition());
    }

    private KeyQueryMetadata whereIs(LocalDate day) {
        try {
            final KeyQueryMetadata where =
                    streams.queryMetadataForKey(StoreNames.DEVLOG_DAYS, day.toString(), new StringSerializer());
            return where == null || KeyQueryMetadata.NOT_AVAILABLE.equals(where) ? null : where;
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** Only the partition that holds the day: a scan of another partition would find nothing and say "missing". */
    private Lookup findIn(LocalDate day, int partition) {
        try {
            final ReadOnlyKeyValueStore<String, ItemEvent> days = streams.store(StoreQueryParameters.fromNameAndType(
                            StoreNames.DEVLOG_DAYS, QueryableStoreTypes.<String, ItemEvent>keyValueStore())
                    .withPartition(partition));
            final DayMaterial material = DayEvents.material(days, day, settings);
            return material == null ? new Lookup.Missing() : new Lookup.Found(material);
        } catch (InvalidStateStoreException e) {
            return new Lookup.Unavailable(e.getMessage());
        }
    }

    private Lookup askReplica(HostInfo holder, LocalDate day) {
        final URI uri = URI.create(
                "http://" + holder.host() + ":" + holder.port() + "/devlogs/" + day + "/material?local=true");
        try {
            final HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5))
                    .header("Accept", "application/json")
                    .GET();
            config.publish().token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
            final HttpResponse<byte[]> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return switch (answer.statusCode()) {
                case 200 -> new Lookup.Found(Json.mapper().readValue(answer.body(), DayMaterial.class));
                case 404 -> new Lookup.Missing();
                default ->
                    new Lookup.Unavailable("the replica holding " + day + " (" + uri.getAuthority() + ") answered "
                            + answer.statusCode());
            };
        } catch (IOException e) {
            return new Lookup.Unavailable(
                    "the replica holding " + day + " (" + uri.getAuthority() + ") did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lookup.Unavailable("interrupted");
        }
    }

    /** The answer of a query: the day's material, nothing recorded that day, or the store not ready. */
    public sealed interface Lookup {

        record Found(DayMaterial material) implements Lookup {}

        record Missing() implements Lookup {}

        record Unavailable(String reason) implements Lookup {}
    }
}
