package dev.baton.claim.streams;

import dev.baton.claim.engine.Settings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The engine's settings, from {@code baton.claims.*} (documented in the README). */
@ConfigMapping(prefix = "baton.claims")
public interface EngineConfig {

    @WithDefault("30s")
    Duration defaultLease();

    @WithDefault("24h")
    Duration maxLease();

    @WithDefault("1s")
    Duration baseBackoff();

    @WithDefault("5m")
    Duration maxBackoff();

    @WithDefault("3s")
    Duration unknownItemGrace();

    @WithDefault("1h")
    Duration requestMemory();

    /** How long a DONE or CANCELLED item is kept before the engine forgets it. */
    @WithDefault("7d")
    Duration doneRetention();

    /** How long an API call waits for the engine's answer before answering 503. */
    @WithDefault("10s")
    Duration answerTimeout();

    /** How often wall-clock time is checked for expired leases and ended waits. */
    @WithDefault("100ms")
    Duration tick();

    /** Whether a requested stop leaves the engine's group, so other replicas take its partitions at once. */
    @WithDefault("true")
    boolean leaveGroupOnStop();

    default Settings settings() {
        return new Settings(
                defaultLease(),
                maxLease(),
                baseBackoff(),
                maxBackoff(),
                unknownItemGrace(),
                requestMemory(),
                doneRetention());
    }
}
