package dev.baton.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a build leaves the runnables of the stack, under the repository root. */
public final class Jars {

    /** Where the broker's runnable is looked for, as messages name it. */
    public static final String KAFKA = "infra/kafka-local/target/kafka-local-*.jar";

    public static final String DEMO = "demo/target/demo-*.jar";

    private final Path root;

    public Jars(Path root) {
        this.root = root;
    }

    /** The broker's runnable jar, if it is built. */
    public Optional<Path> kafka() {
        return runnable(root.resolve("infra/kafka-local/target"), "kafka-local-*.jar");
    }

    /** The service's Quarkus application, if it is built. */
    public Optional<Path> service(Service service) {
        final Path jar = root.resolve(service.jar());
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** The demo's runnable jar, if it is built. */
    public Optional<Path> demo() {
        return runnable(root.resolve("demo/target"), "demo-*.jar");
    }

    /** The module's main jar in its target folder: not its sources, tests or javadoc. */
    private static Optional<Path> runnable(Path target, String glob) {
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, glob)) {
            for (Path jar : jars) {
                final String name = jar.getFileName().toString();
                if (!name.endsWith("-sources.jar")
                        && !name.endsWith("-tests.jar")
                        && !name.endsWith("-javadoc.jar")
                        && Files.isRegularFile(jar)) {
                    return Optional.of(jar);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
