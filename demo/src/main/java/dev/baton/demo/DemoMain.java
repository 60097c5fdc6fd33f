package dev.baton.demo;

import dev.baton.client.BatonClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * The demo that {@code ./baton up --demo} runs beside the services: a trickle of work through the
 * backlog service, and simulated agents of a few kinds working on it through the Java client, so
 * that claims, heartbeats, expiries, re-grants, fencing and failures all show within a minute, and
 * the writer's devlog posts (published every two minutes under {@code --demo}) are announced.
 *
 * <pre>
 * java -jar demo/target/demo-*.jar [--every SECONDS] [--initial N] [--seed N]
 * </pre>
 * Finds the services as {@code ./baton up} sets them: {@code BATON_BACKLOG_PORT},
 * {@code BATON_CLAIM_PORT}, {@code BATON_WRITER_PORT} (or {@code BATON_*_URL}); the blog folder
 * it names is {@code BATON_DATA_DIR/blog}. Stops on SIGTERM or Ctrl-C, handing back what its
 * agents hold.
 */
public final class DemoMain {

    static {
        // Before any logger exists: the log manager is chosen when the first one is made.
        OneLineFormat.install();
    }

    private static final Logger LOG = Logger.getLogger("demo");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final List<String> WORK = List.of("build", "test", "docs", "review");

    private DemoMain() {}

    public static void main(String[] args) throws InterruptedException {
        Thread.currentThread().setName("demo");
        double every = 2;
        int initial = 8;
        long seed = System.nanoTime();
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                usage("missing value for " + args[i]);
            }
            switch (args[i]) {
                case "--every" -> every = Double.parseDouble(args[++i]);
                case "--initial" -> initial = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> usage("unknown flag " + args[i]);
            }
        }
        final Random random = new Random(seed);
        final DemoTokens tokens = DemoTokens.fromEnvironment();
        final BatonClient client =
                tokens.as(BatonClient.builder().fromEnvironment().build(), "demo-feed");
        final String dataDir = System.getenv().getOrDefault("BATON_DATA_DIR", "data");
        final String schedule = System.getenv().getOrDefault("BATON_WRITER_SCHEDULE", "23:50");

        LOG.info(line(
                "demo status=starting backlog=%s claims=%s writer=%s",
                instances(client.backlogUris()), instances(client.claimsUris()), instances(client.writerUris())));
        legend(schedule);

        final Feed feed = new Feed(client, random, Duration.ofMillis((long) (every * 1000)), initial);
        final List<AutoCloseable> running = new ArrayList<>();
        running.add(SteadyAgent.start(
                tokens.as(client, "steady-1"),
                "steady-1",
                WORK,
                10,
                Duration.ofSeconds(1),
                Duration.ofSeconds(4),
                12,
                SteadyAgent::ordinaryResult,
                new Random(random.nextLong())));
        running.add(SteadyAgent.start(
                tokens.as(client, "steady-2"),
                "steady-2",
                WORK,
                10,
                Duration.ofSeconds(1),
                Duration.ofSeconds(4),
                12,
                SteadyAgent::ordinaryResult,
                new Random(random.nextLong())));
        running.add(SteadyAgent.start(
                tokens.as(client, "slow-1"),
                "slow-1",
                List.of("review", "docs"),
                6,
                Duration.ofSeconds(8),
                Duration.ofSeconds(14),
                0,
                SteadyAgent::ordinaryResult,
                new Random(random.nextLong())));
        running.add(SteadyAgent.start(
                tokens.as(client, "learner-1"),
                "learner-1",
                List.of("learn"),
                10,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                0,
                SteadyAgent::lessonResult,
                new Random(random.nextLong())));
        running.add(TroubleAgent.start(
                tokens.as(client, "crashy-1"),
                "crashy-1",
                TroubleAgent.Kind.CRASHING,
                WORK,
                5,
                new Random(random.nextLong())));
        running.add(TroubleAgent.start(
                tokens.as(client, "stale-1"),
                "stale-1",
                TroubleAgent.Kind.STALE,
                WORK,
                4,
                new Random(random.nextLong())));
        final DevlogWatch watch =
                new DevlogWatch(client, Path.of(dataDir, "blog").toAbsolutePath());
        feed.start();
        watch.start();
        LOG.info(line(
                "demo status=started agents=steady-1,steady-2,slow-1,learner-1,crashy-1,stale-1 "
                        + "feed=\"%d items now, then one every ~%ss\"",
                initial, every));

        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("demo status=stopping note=\"agents hand back what they hold\"");
                            feed.close();
                            // All agents at once: each may wait a few seconds for a task to finish or an item to go
                            // back.
                            final List<Thread> stopping = running.stream()
                                    .map(agent -> {
                                        final Thread thread = new Thread(() -> closeQuietly(agent), "stop");
                                        thread.start();
                                        return thread;
                                    })
                                    .toList();
                            for (Thread thread : stopping) {
                                try {
                                    thread.join();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            watch.close();
                            LOG.info("demo status=stopped");
                            stopped.countDown();
                        },
                        "demo-stop"));
        stopped.await();
    }

    private static void closeQuietly(AutoCloseable agent) {
        try {
            agent.close();
        } catch (Exception e) {
            LOG.warning(line("demo status=stop-failed error=\"%s\"", e.getMessage()));
        }
    }

    /** What each agent does and which lines to look for, once at the start. */
    private static void legend(String schedule) {
        final String devlog = schedule.toUpperCase(Locale.ROOT).startsWith("P")
                ? "every " + Duration.parse(schedule).toString().substring(2).toLowerCase(Locale.ROOT)
                : "at " + schedule + " (set BATON_WRITER_SCHEDULE=PT2M for a short day)";
        final String[] lines = {
            "demo legend: steady-1, steady-2  take build/test/docs/review work, finish it; about one in twelve fails and is retried",
            "demo legend: slow-1              long reviews and docs under a 6s lease: its heartbeats keep the lease ([claim] status=renewed)",
            "demo legend: learner-1           takes learn items and reports what it learned (summary, notes, tags) for the devlog",
            "demo legend: crashy-1            every other item it dies mid-task: [claim] status=expired, then another agent's status=claimed with a higher epoch",
            "demo legend: stale-1             every other item it stalls past its lease, then completes with its old epoch: status=fenced reason=STALE_EPOCH",
            "demo legend: the writer publishes the day's devlog " + devlog
                    + ": [writer] writer.devlog status=published, [demo] demo.devlog",
        };
        for (String line : lines) {
            LOG.info(line);
        }
    }

    /** A log line: {@code String.format} without the platform's locale. */
    static String line(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** A time of day as the log lines show it. */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    private static void usage(String problem) {
        System.err.println("demo: " + problem);
        System.err.println("usage: demo [--every SECONDS] [--initial N] [--seed N]");
        System.exit(2);
    }

    /** Every instance the demo's agents may call, comma-separated as the variables give them. */
    private static String instances(List<java.net.URI> uris) {
        return String.join(",", uris.stream().map(java.net.URI::toString).toList());
    }
}
