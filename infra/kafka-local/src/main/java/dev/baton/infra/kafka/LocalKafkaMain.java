package dev.baton.infra.kafka;

import dev.baton.contracts.catalog.Access;
import dev.baton.contracts.catalog.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link LocalKafka} as its own process: {@code ./baton up} starts it this way. Stops
 * cleanly on SIGTERM or Ctrl-C.
 *
 * <pre>
 * java -jar kafka-local.jar [--port 9092] [--controller-port 9093] [--data-dir data/kafka] [--partitions 12]
 *                            [--users data/identity/kafka-users.properties]
 * </pre>
 * Each flag may also come from the environment: {@code BATON_KAFKA_PORT}, {@code BATON_KAFKA_CONTROLLER_PORT},
 * {@code BATON_KAFKA_DATA_DIR}, {@code BATON_PARTITIONS}, {@code BATON_KAFKA_USERS}.
 *
 * <p>{@code BATON_KAFKA_PROXIED_LISTENER=PORT:ADVERTISED} (environment only; for tests) adds a
 * plaintext listener on {@code PORT} that advertises {@code ADVERTISED}, where a test's TCP proxy
 * listens ({@link LocalKafka.Builder#proxiedListener}).
 *
 * <p>With {@code --users} the broker is secured ({@code ./baton up --kafka-auth}): clients
 * authenticate with SASL/SCRAM-SHA-512 as a principal of {@link Access}, whose passwords are in
 * that file ({@link KafkaUsers}), and are held to {@link Access#aclBindings()}.
 */
public final class LocalKafkaMain {

    private LocalKafkaMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = intEnv("BATON_KAFKA_PORT", 9092);
        int controllerPort = intEnv("BATON_KAFKA_CONTROLLER_PORT", -1);
        String dataDir = env("BATON_KAFKA_DATA_DIR", "data/kafka");
        int partitions = intEnv("BATON_PARTITIONS", Topics.DEFAULT_PARTITIONS);
        String users = env("BATON_KAFKA_USERS", null);
        for (int i = 0; i < args.length; i++) {
            final String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.println(
                        "usage: kafka-local [--port N] [--controller-port N] [--data-dir DIR] [--partitions N] [--users FILE]");
                return;
            }
            if (i + 1 >= args.length) {
                fail("missing value for " + flag);
            }
            final String value = args[++i];
            switch (flag) {
                case "--port" -> port = parse(flag, value);
                case "--controller-port" -> controllerPort = parse(flag, value);
                case "--data-dir" -> dataDir = value;
                case "--partitions" -> partitions = parse(flag, value);
                case "--users" -> users = value;
                default -> fail("unknown flag " + flag);
            }
        }
        // A data folder remembers its controller's address: keep it next to the client port.
        if (controllerPort < 0) {
            controllerPort = port + 1;
        }
        final LocalKafka.Builder builder = LocalKafka.builder()
                .dataDir(Path.of(dataDir))
                .port(port)
                .controllerPort(controllerPort)
                .topics(Topics.all(partitions));
        if (users != null) {
            final Path file = Path.of(users);
            // The broker's own SCRAM user is made when its storage is formatted, and only then: data
            // formatted without users cannot be secured later.
            if (!Files.exists(file) && Files.exists(Path.of(dataDir, "logs", "meta.properties"))) {
                System.err.println("baton.kafka status=failed reason=\"the broker's data in " + dataDir
                        + " was made without Kafka users (" + file
                        + "): start with --kafka-auth on a new data folder\"");
                System.exit(1);
            }
            builder.scram(KafkaUsers.ensure(file), Access.aclBindings());
        }
        final String proxied = env("BATON_KAFKA_PROXIED_LISTENER", null);
        if (proxied != null) {
            final String[] ports = proxied.split(":");
            if (ports.length != 2) {
                fail("BATON_KAFKA_PROXIED_LISTENER must be PORT:ADVERTISED_PORT, got \"" + proxied + "\"");
            }
            builder.proxiedListener(
                    parse("BATON_KAFKA_PROXIED_LISTENER", ports[0]), parse("BATON_KAFKA_PROXIED_LISTENER", ports[1]));
        }
        final LocalKafka kafka = builder.build();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("baton.kafka status=stopping");
                            kafka.close();
                            System.out.println("baton.kafka status=stopped");
                            stopped.countDown();
                        },
                        "kafka-local-shutdown"));
        try {
            kafka.start();
        } catch (RuntimeException e) {
            System.err.println("baton.kafka status=failed reason=\"" + e.getMessage() + "\"");
            System.exit(1);
        }
        System.out.printf(
                Locale.ROOT,
                "baton.kafka status=ready bootstrap=%s data=%s topics=%d%s%n",
                kafka.bootstrapServers(),
                kafka.dataDir(),
                Topics.all().size(),
                kafka.secured() ? " auth=" + Scram.MECHANISM : "");
        stopped.await();
    }

    private static String env(String name, String fallback) {
        final String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int intEnv(String name, int fallback) {
        final String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : parse(name, value);
    }

    private static int parse(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            fail(name + " must be a number, got \"" + value + "\"");
            return -1;
        }
    }

    private static void fail(String message) {
        System.err.println("kafka-local: " + message);
        System.exit(2);
    }
}
