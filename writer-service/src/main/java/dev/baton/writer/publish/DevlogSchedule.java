package dev.baton.writer.publish;

import dev.baton.writer.config.WriterConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the devlog cycle on the writer's own schedule ({@code baton.writer.publish.schedule}):
 * daily at a time of day in the writer's zone ({@code 23:50}, the default: shortly before the day
 * ends), every so often (an ISO-8601 duration such as {@code PT2M}, for short demo days), or never
 * ({@code off}). Each run writes yesterday's post and today's: yesterday's gets a new version only
 * when material came after its last post (its last minutes, or a writer that was down). Every replica runs the schedule;
 * the claim engine lets one of them write.
 */
@ApplicationScoped
@Startup
public class DevlogSchedule {

    private static final Logger LOG = Logger.getLogger("writer.schedule");

    @Inject
    DevlogCycle cycle;

    @Inject
    WriterConfig config;

    Clock clock = Clock.systemUTC();

    private ScheduledExecutorService timer;

    /** A parsed schedule: a daily time, an interval, or nothing. */
    public sealed interface Plan {

        record Daily(LocalTime at) implements Plan {}

        record Every(Duration interval) implements Plan {}

        record Off() implements Plan {}
    }

    /**
     * Reads a schedule setting.
     *
     * @throws IllegalArgumentException naming the setting, when it is none of the three forms
     */
    public static Plan parse(String schedule) {
        final String s = schedule == null ? "" : schedule.strip();
        if (s.equalsIgnoreCase("off") || s.equalsIgnoreCase("disabled")) {
            return new Plan.Off();
        }
        try {
            if (s.toUpperCase(Locale.ROOT).startsWith("P")) {
                final Duration every = Duration.parse(s);
                if (every.isNegative() || every.isZero()) {
                    throw new IllegalArgumentException(
                            "baton.writer.publish.schedule must be a positive duration: " + s);
                }
                return new Plan.Every(every);
            }
            return new Plan.Daily(LocalTime.parse(s));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("baton.writer.publish.schedule must be HH:mm, an ISO-8601 duration "
                    + "such as PT2M, or off; got '" + schedule + "'");
        }
    }

    /** How long from {@code now} until the next daily run at {@code at} in {@code zone}. */
    static Duration untilNext(LocalTime at, ZoneId zone, ZonedDateTime now) {
        final ZonedDateTime local = now.withZoneSameInstant(zone);
        ZonedDateTime next = local.toLocalDate().atTime(at).atZone(zone);
        if (!next.isAfter(local)) {
            next = local.toLocalDate().plusDays(1).atTime(at).atZone(zone);
        }
        return Duration.between(local, next);
    }

    @PostConstruct
    void start() {
        final Plan plan = parse(config.publish().schedule());
        if (plan instanceof Plan.Off) {
            LOG.info("writer.schedule status=off");
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "writer-schedule");
            t.setDaemon(true);
            return t;
        });
        if (plan instanceof Plan.Every every) {
            final long ms = every.interval().toMillis();
            timer.scheduleAtFixedRate(this::runSafely, ms, ms, TimeUnit.MILLISECONDS);
            LOG.infof("writer.schedule status=every interval=%s", every.interval());
        } else if (plan instanceof Plan.Daily daily) {
            scheduleDaily(daily.at());
            LOG.infof("writer.schedule status=daily at=%s zone=%s", daily.at(), config.zone());
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void scheduleDaily(LocalTime at) {
        final Duration wait = untilNext(at, config.zone(), ZonedDateTime.now(clock));
        timer.schedule(
                () -> {
                    runSafely();
                    scheduleDaily(at);
                },
                wait.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        final LocalDate today = LocalDate.now(clock.withZone(config.zone()));
        // Yesterday too: its last minutes came after its scheduled run (a new version when they
        // brought material; nothing at all when they did not).
        runSafely(today.minusDays(1));
        runSafely(today);
    }

    private void runSafely(LocalDate day) {
        try {
            LOG.infof(
                    "writer.schedule date=%s outcome=%s",
                    day, cycle.run(day).getClass().getSimpleName());
        } catch (RuntimeException e) {
            LOG.errorf("writer.schedule status=error date=%s reason=%s", day, e.toString());
        }
    }
}
