package dev.baton.infra.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The Quarkus test resource every service's integration tests use:
 * {@code @QuarkusTestResource(KafkaTestResource.class)}. Points the service at the
 * {@link SharedKafka} broker and gives it a run id ({@code baton.test.run-id}) to make its
 * Streams application id and consumer groups unique to this test run; and makes it verify the
 * tokens of {@link TestTokens}, which the tests call it with.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        final String bootstrap = SharedKafka.bootstrapServers();
        final Map<String, String> settings = new HashMap<>(TestTokens.settings());
        settings.put("kafka.bootstrap.servers", bootstrap);
        settings.put("quarkus.kafka-streams.bootstrap-servers", bootstrap);
        settings.put("baton.test.run-id", SharedKafka.RUN_ID);
        return settings;
    }

    @Override
    public void stop() {
        // The broker outlives one Quarkus application: it is shared by the whole test JVM.
    }
}
