package dev.baton.claim.streams;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.jboss.logging.Logger;

/**
 * On a requested stop (SIGTERM: a rolling upgrade, a scale-down, a drain) this replica leaves
 * the engine's group before it closes, so its partitions move at once to the replicas holding
 * standby copies of them, instead of waiting out its session as a static member. A replica that
 * dies without being asked leaves nothing: the same pod name comes back as the same member and
 * takes its tasks back without a rebalance.
 *
 * <p>Runs before Quarkus closes Kafka Streams itself (whose later close is then a no-op), and
 * after the pre-stop pause took the pod out of its Service.
 */
@ApplicationScoped
public class LeaveGroupOnStop {

    private static final Logger LOG = Logger.getLogger("claim.engine");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Inject
    Instance<KafkaStreams> streams;

    @Inject
    EngineConfig config;

    void onStop(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) ShutdownEvent event) {
        if (config.leaveGroupOnStop() && streams.isResolvable()) {
            final boolean closed = leave(streams.get(), TIMEOUT);
            LOG.infof("claim.engine status=stopped left-group=true closed-in-time=%s", closed);
        }
    }

    /** Commits, closes and leaves the group; whether it finished within the timeout. */
    static boolean leave(KafkaStreams streams, Duration timeout) {
        return streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(timeout));
    }
}
