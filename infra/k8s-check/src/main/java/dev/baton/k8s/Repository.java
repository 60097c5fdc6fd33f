package dev.baton.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's files are, from wherever the build or a test runs. */
public final class Repository {

    private Repository() {}

    /** The repository's root: the nearest folder upwards with both {@code contracts/} and {@code infra/k8s/}. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("contracts")) && Files.isDirectory(dir.resolve("infra/k8s"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "not inside the Baton repository: " + Path.of("").toAbsolutePath());
    }

    public static Path k8s() {
        return root().resolve("infra/k8s");
    }
}
