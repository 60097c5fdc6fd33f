package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ChildProcessTest {

    @TempDir
    Path dir;

    private ProcessSpec shell(String script) {
        return new ProcessSpec(
                "probe",
                List.of("/bin/sh", "-c", script),
                Map.of("PROBE", "set"),
                dir,
                dir.resolve("logs/probe.log"),
                new Readiness.Started());
    }

    @Test
    void aChildIgnoresSigintSoACtrlCReachesTheLauncherAlone() throws IOException {
        final ChildProcess child = ChildProcess.of(shell("kill -INT $$; echo still here with $PROBE"))
                .start();

        assertThat(child.awaitExit(Duration.ofSeconds(20))).isTrue();

        assertThat(child.exitStatus()).hasValue(0);
        assertThat(Files.readString(child.log(), StandardCharsets.UTF_8)).contains("still here with set");
    }

    @Test
    void aChildThatIgnoresSigtermIsKilledOnceItsGraceIsOver() {
        final ChildProcess child = ChildProcess.of(shell("trap '' TERM; echo ready; exec sleep 60"))
                .start();
        final Deadline ready = Deadline.of(Duration.ofSeconds(20));

        assertThat(awaitLogged(child, "ready", ready)).isTrue();
        final boolean stopped = child.stop(Duration.ofMillis(500));

        assertThat(stopped).isFalse();
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void aChildThatHonoursSigtermStopsWithinItsGrace() {
        final ChildProcess child =
                ChildProcess.of(shell("echo ready; exec sleep 60")).start();

        assertThat(awaitLogged(child, "ready", Deadline.of(Duration.ofSeconds(20))))
                .isTrue();

        assertThat(child.stop(Duration.ofSeconds(20))).isTrue();
        assertThat(child.exitStatus()).isPresent();
    }

    @Test
    void theFirstStartEmptiesTheLogAndARestartIsJudgedByItsOwnLines() throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("logs/probe.log"), "line of an earlier run\n");
        final ChildProcess child =
                ChildProcess.of(shell("echo run; exec sleep 60")).start();
        assertThat(awaitLogged(child, "run", Deadline.of(Duration.ofSeconds(20))))
                .isTrue();

        child.restartAfterKill();

        final String log = Files.readString(child.log(), StandardCharsets.UTF_8);
        assertThat(log)
                .doesNotContain("earlier run")
                .contains(ChildProcess.START_MARK + "1 of probe")
                .contains(ChildProcess.START_MARK + "2 of probe");
        assertThat(awaitLogged(child, "run", Deadline.of(Duration.ofSeconds(20))))
                .isTrue();
        assertThat(child.loggedSinceStart(ChildProcess.START_MARK + "1 of probe"))
                .isFalse();
        child.kill();
    }

    private static boolean awaitLogged(ChildProcess child, String fragment, Deadline deadline) {
        try {
            return deadline.await(() -> child.loggedSinceStart(fragment + "\n"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
