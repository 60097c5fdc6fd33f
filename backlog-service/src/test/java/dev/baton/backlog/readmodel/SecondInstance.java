package dev.baton.backlog.readmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.json.Json;
import dev.baton.infra.testing.SharedKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A second backlog-service instance's read model beside the one a {@code @QuarkusTest} runs: the
 * same topology in the same Streams application, so the group splits the partitions between the
 * two, and an HTTP server that answers the read-model peer endpoints through a {@link ReadModel}
 * over its own stores, as {@code ReadModelPeerResource} does in the service. (A second Quarkus
 * application cannot run in one JVM; the service as separate processes is the end-to-end tests'.)
 * It records the Authorization header of every call, to show a caller's token is forwarded.
 */
public final class SecondInstance implements AutoCloseable {

    private static final ObjectMapper JSON = Json.mapper();

    private final KafkaStreams streams;
    private final HttpServer http;
    private final ReadModel readModel;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private boolean answering = true;

    private SecondInstance(KafkaStreams streams, HttpServer http, ReadModel readModel) {
        this.streams = streams;
        this.http = http;
        this.readModel = readModel;
    }

    /** Joins the application {@code applicationId} on the test broker, answering on a free port. */
    public static SecondInstance start(String applicationId) throws IOException {
        final HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.POLL_MS_CONFIG, 10);
        props.put(
                StreamsConfig.APPLICATION_SERVER_CONFIG,
                "127.0.0.1:" + http.getAddress().getPort());
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("baton-second-read-model-").toString());
        final Rates rates = new Rates(Clock.systemUTC());
        final ViewChanges changes = new ViewChanges();
        final KafkaStreams streams = new KafkaStreams(ReadModelTopology.build(rates, changes), props);
        final ReadModel readModel = new ReadModel();
        readModel.streams = streams;
        readModel.rates = rates;
        readModel.changes = changes;
        readModel.peerTimeout = Duration.ofSeconds(5);
        readModel.peerToken = Optional.empty();
        // The test broker makes the topics as the catalog says.
        readModel.partitions = Topics.CLAIMS::partitions;
        readModel.connect();
        final SecondInstance instance = new SecondInstance(streams, http, readModel);
        http.createContext(Peers.PATH, instance::answer);
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.start();
        streams.start();
        return instance;
    }

    /** The partitions of the views this instance holds now. */
    public SortedSet<Integer> partitionsHere() {
        return readModel.local().partitionsHere();
    }

    /** The partition of the views an item id falls in. */
    public int partitionOf(String itemId) {
        return streams.queryMetadataForKey(StoreNames.ITEM_VIEWS, itemId, new StringSerializer())
                .partition();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** This instance's share of the stats: the counts of the partitions it holds. */
    public ReadModel.Stats statsHere() {
        return readModel.statsHere();
    }

    /** Every Authorization header this instance was called with. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /**
     * Stops answering HTTP while its read model still holds its partitions: to the others it is an
     * instance gone whose session has not yet run out.
     */
    public synchronized void stopAnswering() {
        if (answering) {
            answering = false;
            http.stop(0);
        }
    }

    /** Stops as an instance does that is shut down: it leaves the group, and its partitions move. */
    @Override
    public void close() {
        stopAnswering();
        streams.close(Duration.ofSeconds(20));
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            authorizations.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))
                    .orElse(""));
            final String path = exchange.getRequestURI().getPath().substring(Peers.PATH.length());
            final Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            final Object body;
            try {
                body = answer(path, query);
            } catch (ReadModel.Unavailable e) {
                send(exchange, 503, Map.of("status", 503, "detail", e.getMessage()));
                return;
            }
            send(exchange, 200, body);
        }
    }

    private Object answer(String path, Map<String, String> query) {
        if (path.equals("/pages")) {
            return readModel.pageHere(
                    partitions(query.get("partitions")),
                    new ItemFilter(
                            state(query.get("state")), query.get("type"), query.get("label"), query.get("owner")),
                    Integer.parseInt(query.get("limit")),
                    query.get("cursor"));
        }
        if (path.equals("/counts")) {
            return readModel.countsHere(partitions(query.get("partitions")));
        }
        final String id = URLDecoder.decode(path.split("/")[2], StandardCharsets.UTF_8);
        if (path.endsWith("/events")) {
            return Peers.History.of(readModel.historyHere(id));
        }
        final String wait = query.get("waitMillis");
        final String minEpoch = query.get("minEpoch");
        return new Peers.Found(readModel
                .awaitItemHere(
                        id,
                        minEpoch == null ? null : Long.parseLong(minEpoch),
                        state(query.get("state")),
                        Duration.ofMillis(wait == null ? 0 : Long.parseLong(wait)))
                .join()
                .orElse(null));
    }

    private static ItemState state(String raw) {
        return raw == null ? null : ItemState.valueOf(raw);
    }

    private static List<Integer> partitions(String raw) {
        return Arrays.stream(raw.split(",")).map(Integer::valueOf).toList();
    }

    private static Map<String, String> query(String raw) {
        final Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                final int eq = pair.indexOf('=');
                query.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, Object body) {
        try {
            final byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
