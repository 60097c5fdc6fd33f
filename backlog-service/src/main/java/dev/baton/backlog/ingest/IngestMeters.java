package dev.baton.backlog.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * What the ingest of other systems' CloudEvents did, for Prometheus: records read, submitted (new or
 * a repeat), dead-lettered by kind (unreadable, refused by the engine, an id reused for another
 * item, an error of ours), and tries repeated after a failure that was not the record's.
 */
@ApplicationScoped
@Startup
public class IngestMeters {

    /** Every kind of dead letter, so each is exported (at zero) before the first happens. */
    static final List<String> KINDS = List.of("unreadable", "refused", "id-reused", "error");

    private final MeterRegistry registry;
    private final Counter read;
    private final Counter retried;

    public IngestMeters(MeterRegistry registry) {
        this.registry = registry;
        this.read = Counter.builder("baton.ingest.records")
                .description("Records read from backlog-submissions")
                .register(registry);
        this.retried = Counter.builder("baton.ingest.retries")
                .description("Submissions tried again after a failure that was not the record's own")
                .register(registry);
        submitted(false, 0);
        submitted(true, 0);
        KINDS.forEach(kind -> deadLettered(kind, 0));
    }

    void read() {
        read.increment();
    }

    void retried() {
        retried.increment();
    }

    void submitted(boolean duplicate) {
        submitted(duplicate, 1);
    }

    void deadLettered(String kind) {
        deadLettered(kind, 1);
    }

    private void submitted(boolean duplicate, int by) {
        Counter.builder("baton.ingest.submitted")
                .description("Records taken into the backlog, new items or repeats of one already there")
                .tag("outcome", duplicate ? "duplicate" : "new")
                .register(registry)
                .increment(by);
    }

    private void deadLettered(String kind, int by) {
        Counter.builder("baton.ingest.dead.letters")
                .description("Records written to backlog-submissions-dlq, by kind")
                .tag("kind", kind)
                .register(registry)
                .increment(by);
    }
}
