package dev.baton.backlog.readmodel;

import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.catalog.Topics;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance holds what, from the Streams group's own assignment: each instance advertises
 * where it answers HTTP ({@code application.server}) and Streams tells every member which
 * instance holds each partition. The one place an instance decides "mine" or "ask that one":
 * mine is what this instance's own active tasks hold, whatever address it advertises.
 *
 * <p>A whole answer (a list, the stats) needs every partition of the views held by some instance:
 * while Streams starts or rebalances, or while a departed instance still holds its partitions
 * (until its session runs out), there is no whole, and the answer is {@link ReadModel.Unavailable}.
 */
public final class Placement {

    private final KafkaStreams streams;
    private final LocalReads local;
    private final IntSupplier partitions;

    /**
     * @param partitions how many partitions the views' input has: as the topic was made, which may
     *     be other than the catalog's default ({@code ./baton up --partitions})
     */
    public Placement(KafkaStreams streams, LocalReads local, IntSupplier partitions) {
        this.streams = streams;
        this.local = local;
        this.partitions = partitions;
    }

    /** Where an item's view and history live: the instance and the partition. */
    public record Owner(HostInfo host, int partition, boolean here) {}

    public Owner ownerOf(String itemId) {
        final KeyQueryMetadata where;
        try {
            where = streams.queryMetadataForKey(StoreNames.ITEM_VIEWS, itemId, new StringSerializer());
        } catch (IllegalStateException notRunning) {
            throw new ReadModel.Unavailable("the read model is not running here (" + notRunning.getMessage() + ")");
        }
        if (where == null
                || KeyQueryMetadata.NOT_AVAILABLE.equals(where)
                || where.activeHost() == null
                || where.activeHost().port() < 0) {
            throw new ReadModel.Unavailable("the read model's partitions are being assigned; retry shortly");
        }
        return new Owner(
                where.activeHost(), where.partition(), local.partitionsHere().contains(where.partition()));
    }

    /**
     * Every instance and the partitions it holds, together all of them, each once. Refused while
     * Streams is not running (a rebalance moves partitions between the reads of one answer) or
     * while a partition has no holder.
     */
    public Map<HostInfo, SortedSet<Integer>> holders() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new ReadModel.Unavailable("the read model is " + streams.state() + " here; retry shortly");
        }
        final Map<HostInfo, SortedSet<Integer>> holders =
                new TreeMap<>((a, b) -> a.host().equals(b.host())
                        ? Integer.compare(a.port(), b.port())
                        : a.host().compareTo(b.host()));
        final SortedSet<Integer> held = new TreeSet<>();
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            for (TopicPartition partition : instance.topicPartitions()) {
                if (partition.topic().equals(Topics.CLAIMS.name()) && held.add(partition.partition())) {
                    holders.computeIfAbsent(instance.hostInfo(), h -> new TreeSet<>())
                            .add(partition.partition());
                }
            }
        }
        final int all = partitions.getAsInt();
        if (held.size() < all) {
            throw new ReadModel.Unavailable("only " + held.size() + " of " + all
                    + " partitions of the read model have a holder now (an instance is starting, stopping or "
                    + "gone); retry shortly");
        }
        return holders;
    }
}
