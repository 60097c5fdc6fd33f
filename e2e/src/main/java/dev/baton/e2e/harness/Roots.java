package dev.baton.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/** Where the repository is and where a run keeps its files. */
public final class Roots {

    private Roots() {}

    /**
     * The repository root: the system property {@code baton.root} (the e2e module's build sets it),
     * else the nearest folder upwards from the working directory that holds {@code ./baton}.
     */
    public static Path repository() {
        final String property = System.getProperty("baton.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("baton")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root: set -Dbaton.root");
    }

    /**
     * A new, empty folder for one run, under {@code baton.e2e.dir} (the module's {@code target/e2e})
     * or {@code e2e/target/e2e}: logs and data stay there for a look after the run.
     */
    public static Path freshWorkDir(String prefix) {
        final String property = System.getProperty("baton.e2e.dir");
        final Path base =
                property == null || property.isBlank() ? repository().resolve("e2e/target/e2e") : Path.of(property);
        final String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        final Path dir = base.resolve(
                prefix + "-" + stamp + "-" + UUID.randomUUID().toString().substring(0, 4));
        try {
            return Files.createDirectories(dir).toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
