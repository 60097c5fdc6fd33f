package dev.baton.infra.testing;

import dev.baton.claim.engine.Settings;
import dev.baton.claim.topology.ClaimTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The real claim engine (the same topology claim-service runs) on the {@link SharedKafka} broker,
 * for the integration tests of services that need the engine's answers without starting
 * claim-service. One per test JVM.
 */
public final class SharedClaimEngine {

    private static KafkaStreams streams;

    private SharedClaimEngine() {}

    /** Starts the engine on first use and waits until it is running. */
    public static synchronized void ensureRunning() {
        if (streams != null) {
            return;
        }
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "baton-claim-engine-" + SharedKafka.RUN_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10);
        props.put(StreamsConfig.POLL_MS_CONFIG, 10);
        props.put(StreamsConfig.producerPrefix("retry.backoff.ms"), 5);
        try {
            props.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory("baton-test-engine-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final KafkaStreams engine =
                new KafkaStreams(ClaimTopology.build(Settings.defaults(), Duration.ofMillis(100)), props);
        engine.start();
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (engine.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || engine.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("the claim engine did not start: " + engine.state());
            }
            Thread.onSpinWait();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> engine.close(Duration.ofSeconds(5)), "engine-stop"));
        streams = engine;
    }
}
