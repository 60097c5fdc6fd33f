package dev.baton.mcp.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Says at startup when the key that verifies tokens is not there: the server still starts (health
 * answers, so a stack comes up), but every MCP call is refused until it is, and the log says why.
 */
public class VerifyKeyCheck {

    private static final Logger LOG = Logger.getLogger("baton.mcp");

    void check(
            @Observes StartupEvent started,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> location) {
        final String where = location.orElse("");
        final boolean local = !where.isEmpty() && !where.contains("://") && !where.startsWith("classpath:");
        if (where.isEmpty() || local && !Files.isReadable(Path.of(where.replaceFirst("^file:", "")))) {
            LOG.warnf(
                    "baton.mcp.keys status=missing location=%s: every MCP call is refused until the key is there "
                            + "(./baton up creates it in <data-dir>/identity/, or set MP_JWT_VERIFY_PUBLICKEY_LOCATION)",
                    where.isEmpty() ? "(unset)" : where);
        }
    }
}
