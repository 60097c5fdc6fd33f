package dev.baton.writer.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the writer publishes, for Prometheus: posts (and new versions of a day's post) published,
 * the latest version, and failed attempts. Registered at start, so each series exists at zero
 * before the first post and an alert on it can be evaluated.
 */
@ApplicationScoped
@Startup
public class DevlogMeters {

    private final AtomicInteger latestVersion = new AtomicInteger();
    private final Counter published;
    private final Counter failures;

    public DevlogMeters(MeterRegistry registry) {
        Gauge.builder("baton.devlog.latest.version", latestVersion, AtomicInteger::get)
                .description("The version of the latest devlog post this writer published (1 for a day's first)")
                .register(registry);
        published = Counter.builder("baton.devlog.posts.published")
                .description("Devlog posts (or new versions of a day's post) published to devlog-posts")
                .register(registry);
        failures = Counter.builder("baton.devlog.publish.failures")
                .description("Attempts to publish a devlog post that failed (retried by the next cycle)")
                .register(registry);
    }

    void published(int version) {
        published.increment();
        latestVersion.set(version);
    }

    void failed() {
        failures.increment();
    }
}
