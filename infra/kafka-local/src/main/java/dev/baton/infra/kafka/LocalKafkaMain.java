package dev.baton.infra.kafka;

import dev.baton.contracts.catalog.Topics;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link LocalKafka} as its own process: {@code ./baton up} starts it this way. Stops
 * cleanly on SIGTERM or Ctrl-C.
 *
 * <pre>
 * java -jar kafka-local.jar [--port 9092] [--controller-port 9093] [--data-dir data/kafka] [--partitions 12]
 * </pre>
 * Each flag may also come from the environment: {@code BATON_KAFKA_PORT}, {@code BATON_KAFKA_CONTROLLER_PORT},
 * {@code BATON_KAFKA_DATA_DIR}, {@code BATON_PARTITIONS}.
 */
public final class LocalKafkaMain {

    private LocalKafkaMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = intEnv("BATON_KAFKA_PORT", 9092);
        int controllerPort = intEnv("BATON_KAFKA_CONTROLLER_PORT", -1);
        String dataDir = env("BATON_KAFKA_DATA_DIR", "data/kafka");
        int partitions = intEnv("BATON_PARTITIONS", Topics.DEFAULT_PARTITIONS);
        for (int i = 0; i < args.length; i++) {
            final String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.println(
                        "usage: kafka-local [--port N] [--controller-port N] [--data-dir DIR] [--partitions N]");
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
                default -> fail("unknown flag " + flag);
            }
        }
        // A data folder remembers its controller's address: keep it next to the client port.
        if (controllerPort < 0) {
            controllerPort = port + 1;
        }
        final LocalKafka kafka = LocalKafka.builder()
                .dataDir(Path.of(dataDir))
                .port(port)
                .controllerPort(controllerPort)
                .topics(Topics.all(partitions))
                .build();
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
                "baton.kafka status=ready bootstrap=%s data=%s topics=%d%n",
                kafka.bootstrapServers(),
                kafka.dataDir(),
                Topics.all().size());
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
