package dev.baton.infra.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Runs the real claim engine beside a service under test: {@code @QuarkusTestResource(ClaimEngineTestResource.class)}. */
public class ClaimEngineTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        SharedClaimEngine.ensureRunning();
        return Map.of();
    }

    @Override
    public void stop() {
        // Shared by the whole test JVM, like the broker.
    }
}
