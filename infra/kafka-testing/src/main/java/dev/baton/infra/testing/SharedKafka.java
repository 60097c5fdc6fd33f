package dev.baton.infra.testing;

import dev.baton.contracts.catalog.Topics;
import dev.baton.infra.kafka.LocalKafka;
import dev.baton.infra.kafka.TopicInstaller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per test JVM, shared by every integration test in it, with Baton's
 * topics created. Where a Docker engine answers it is Testcontainers' Kafka container; where
 * none does it is the embedded KRaft broker ({@link LocalKafka}). Both are real Kafka.
 *
 * <p>System property {@code baton.test.kafka} forces a choice: {@code container},
 * {@code embedded}, or a bootstrap address of a broker that is already running.
 */
public final class SharedKafka {

    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    /** Unique per test JVM: Streams application ids and group ids derived from it never meet an old member. */
    public static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);

    private static String bootstrapServers;

    private SharedKafka() {}

    /** Starts the broker on first use; later calls return the same address. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = start();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                TopicInstaller.awaitBroker(admin, Duration.ofSeconds(60));
                TopicInstaller.ensure(admin, Topics.all());
            }
        }
        return bootstrapServers;
    }

    /** Which kind of broker {@link #bootstrapServers()} starts, without starting it. */
    public static String mode() {
        final String forced = System.getProperty("baton.test.kafka", "").trim().toLowerCase(Locale.ROOT);
        if (!forced.isEmpty()) {
            return forced.equals("container") || forced.equals("embedded") ? forced : "external";
        }
        return DockerClientFactory.instance().isDockerAvailable() ? "container" : "embedded";
    }

    private static String start() {
        final String mode = mode();
        System.out.println("baton.test.kafka mode=" + mode + " run=" + RUN_ID);
        return switch (mode) {
            case "container" -> startContainer();
            case "embedded" -> startEmbedded();
            default -> System.getProperty("baton.test.kafka").trim();
        };
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook
    private static String startContainer() {
        final KafkaContainer container = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "shared-kafka-stop"));
        return container.getBootstrapServers();
    }

    private static String startEmbedded() {
        final Path dir;
        try {
            dir = Files.createTempDirectory("baton-test-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final LocalKafka kafka = LocalKafka.builder()
                .dataDir(dir)
                .port(0)
                .controllerPort(0)
                .build()
                .start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            kafka.close();
                            deleteQuietly(dir);
                        },
                        "shared-kafka-stop"));
        return kafka.bootstrapServers();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp folder left behind is not worth failing a finished test run for.
        }
    }
}
