package dev.baton.infra.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The Quarkus test resource every service's integration tests use:
 * {@code @QuarkusTestResource(KafkaTestResource.class)}. Points the service at the
 * {@link SharedKafka} broker and gives it a run id ({@code baton.test.run-id}) to make its
 * Streams application id and consumer groups unique to this test run.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        final String bootstrap = SharedKafka.bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.kafka-streams.bootstrap-servers", bootstrap,
                "baton.test.run-id", SharedKafka.RUN_ID);
    }

    @Override
    public void stop() {
        // The broker outlives one Quarkus application: it is shared by the whole test JVM.
    }
}
