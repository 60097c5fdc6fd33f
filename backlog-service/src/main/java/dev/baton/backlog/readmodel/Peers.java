package dev.baton.backlog.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance of the backlog-service for what it holds, over its internal read-model
 * endpoints ({@link #PATH}), with the caller's own bearer token: a peer checks it as it checks any
 * call, so forwarding gives nobody more than they had. Whatever keeps a peer from answering (it
 * is gone, rebalancing, no longer holds the partition, slow) is {@link ReadModel.Unavailable}: the
 * answer is then a 503 to retry, never a part presented as the whole.
 */
public final class Peers {

    /** Where an instance answers for the partitions it holds. */
    public static final String PATH = "/internal/read-model";

    private static final ObjectMapper JSON = Json.mapper();
    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);

    private final HttpClient http;
    private final Duration timeout;

    /** @param timeout how long an answer may take beyond any wait asked of the peer */
    public Peers(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /** The item's view from its holder, which waits up to {@code wait} for it to show the epoch or state. */
    public CompletableFuture<Optional<Item>> item(
            HostInfo peer, String id, Long minEpoch, ItemState state, Duration wait, String token) {
        final StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (minEpoch != null) {
            query.add("minEpoch=" + minEpoch);
        }
        if (state != null) {
            query.add("state=" + state.name());
        }
        if (!wait.isZero()) {
            query.add("waitMillis=" + wait.toMillis());
        }
        return ask(peer, "/items/" + encode(id) + query, wait, token)
                .thenApply(body ->
                        Optional.ofNullable(read(peer, body, Found.class).item()));
    }

    /** The item's history from its holder; empty when it has none. */
    public CompletableFuture<List<ReadModel.Recorded>> history(HostInfo peer, String id, String token) {
        return ask(peer, "/items/" + encode(id) + "/events", Duration.ZERO, token)
                .thenApply(body -> {
                    final List<ReadModel.Recorded> events = new ArrayList<>();
                    for (Event event : read(peer, body, History.class).events()) {
                        events.add(new ReadModel.Recorded(
                                EVENTS.decodeOrThrow(event.event().toString().getBytes(StandardCharsets.UTF_8)),
                                event.traceId()));
                    }
                    return events;
                });
    }

    /** A part of a list: the first matches in the peer's {@code partitions}, which it must hold all of. */
    public CompletableFuture<LocalReads.Part> page(
            HostInfo peer, Collection<Integer> partitions, ItemFilter filter, int limit, String cursor, String token) {
        final StringJoiner query = new StringJoiner("&", "?", "");
        query.add("partitions=" + join(partitions));
        query.add("limit=" + limit);
        if (filter.state() != null) {
            query.add("state=" + filter.state().name());
        }
        optional(query, "type", filter.type());
        optional(query, "label", filter.label());
        optional(query, "owner", filter.owner());
        optional(query, "cursor", cursor);
        return ask(peer, "/pages" + query, Duration.ZERO, token)
                .thenApply(body -> read(peer, body, LocalReads.Part.class));
    }

    /** The counts of the peer's {@code partitions}, which it must hold all of. */
    public CompletableFuture<LocalReads.Counts> counts(HostInfo peer, Collection<Integer> partitions, String token) {
        return ask(peer, "/counts?partitions=" + join(partitions), Duration.ZERO, token)
                .thenApply(body -> read(peer, body, LocalReads.Counts.class));
    }

    /** A history as the peer endpoint sends it: each event as its codec writes it, so its type travels with it. */
    public record History(List<Event> events) {

        public static History of(List<ReadModel.Recorded> recorded) {
            final List<Event> events = new ArrayList<>();
            for (ReadModel.Recorded one : recorded) {
                try {
                    events.add(new Event(JSON.readTree(EVENTS.encode(one.event())), one.traceId()));
                } catch (IOException e) {
                    throw new IllegalStateException("an event the codec wrote is not JSON", e);
                }
            }
            return new History(events);
        }
    }

    public record Event(JsonNode event, String traceId) {}

    /** An item as the peer endpoint sends it: {@code null} when the holder has no such item. */
    public record Found(Item item) {}

    /** The body of a 200; anything else is the peer not answering for what it holds. */
    private CompletableFuture<byte[]> ask(HostInfo peer, String pathAndQuery, Duration wait, String token) {
        final URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + PATH + pathAndQuery);
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout.plus(wait))
                .header("Accept", "application/json")
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((answer, error) -> {
                    if (error != null) {
                        throw new ReadModel.Unavailable("the instance at " + uri.getAuthority()
                                + " that holds part of the read model did not answer (" + error + "); retry shortly");
                    }
                    if (answer.statusCode() != 200) {
                        throw new ReadModel.Unavailable("the instance at " + uri.getAuthority()
                                + " that holds part of the read model answered " + answer.statusCode()
                                + "; retry shortly");
                    }
                    return answer.body();
                });
    }

    private static <T> T read(HostInfo peer, byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new ReadModel.Unavailable("the instance at " + peer.host() + ":" + peer.port()
                    + " sent an unreadable " + type.getSimpleName() + " (" + e.getMessage() + ")");
        }
    }

    private static void optional(StringJoiner query, String name, String value) {
        if (value != null) {
            query.add(name + "=" + encode(value));
        }
    }

    private static String join(Collection<Integer> partitions) {
        return partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
