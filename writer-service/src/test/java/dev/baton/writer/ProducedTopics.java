package dev.baton.writer;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The topics the Kafka producers living in this JVM have written to, from the per-topic metrics
 * every producer registers with JMX ({@code kafka.producer:type=producer-topic-metrics}). No
 * producer needs to be configured for it, so a producer nobody thought of is counted too: the
 * writer's own, its Streams application's, and any other its code makes.
 *
 * <p>A producer's metrics go when it is closed: the tests' own producers ({@code TopicProbe}) close
 * after each record, so what is read once they are done is what the service under test wrote.
 */
final class ProducedTopics {

    /** One producer's records to one topic. */
    record Written(String producer, String topic, double records) {}

    private ProducedTopics() {}

    static List<Written> inThisJvm() {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        final List<Written> written = new ArrayList<>();
        try {
            for (ObjectName name :
                    server.queryNames(new ObjectName("kafka.producer:type=producer-topic-metrics,*"), null)) {
                written.add(new Written(
                        name.getKeyProperty("client-id"),
                        name.getKeyProperty("topic"),
                        ((Number) server.getAttribute(name, "record-send-total")).doubleValue()));
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the producers' metrics", e);
        }
        return written;
    }
}
