package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor over real processes: {@link FakeProcess} in place of each runnable. */
@Timeout(120)
class StackTest {

    @TempDir
    Path root;

    private Path journal;

    @BeforeEach
    void fakeRunnables() throws IOException {
        final Path jar = root.resolve("fake.jar");
        final Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeProcess.class.getName());
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            // FakeProcess needs nothing else: the constants it uses are compiled into it.
            final String entry = FakeProcess.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(entry));
            try (InputStream in = FakeProcess.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        for (String place : List.of(
                "infra/kafka-local/target/kafka-local-0.jar",
                "demo/target/demo-0.jar",
                Service.BACKLOG.jar(),
                Service.CLAIM.jar(),
                Service.WRITER.jar(),
                Service.MCP.jar())) {
            Files.createDirectories(root.resolve(place).getParent());
            Files.copy(jar, root.resolve(place));
        }
        journal = root.resolve("journal");
    }

    private StackPlan.Builder plan() throws IOException {
        final StackPlan.Builder plan = StackPlan.builder()
                .root(root)
                .dataDir(root.resolve("data"))
                .kafkaPort(freePort())
                .setting("FAKE_JOURNAL", journal.toString());
        for (Service service : Service.values()) {
            plan.port(service, freePort());
        }
        return plan;
    }

    @Test
    void theBrokerStartsAloneThenTheServicesAndTheyStopInTheReverseOrder() throws Exception {
        final Stack stack = new Stack(plan().build());

        stack.start();
        stack.startDemo();
        awaitJournal("start demo");
        final Stack.StopReport report = stack.stop(names -> {});

        final List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("start kafka");
        assertThat(lines.subList(1, 5))
                .containsExactlyInAnyOrder("start backlog", "start claim", "start writer", "start mcp");
        assertThat(lines.subList(5, lines.size()))
                .startsWith("start demo", "stop demo")
                .endsWith("stop kafka")
                .contains("stop backlog", "stop claim", "stop writer", "stop mcp");
        assertThat(report.clean()).isTrue();
        assertThat(stack.processes()).noneMatch(ChildProcess::isAlive);
    }

    @Test
    void aServiceThatEndsWhileTheStackStartsFailsTheStartNamingIt() throws Exception {
        final Stack stack =
                new Stack(plan().setting(Service.WRITER, "FAKE_EXIT", "yes").build());

        assertThatThrownBy(stack::start).isInstanceOfSatisfying(StackFailure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(StackFailure.Kind.EXITED);
            assertThat(failure.processes()).extracting(ChildProcess::name).containsExactly("writer");
            assertThat(failure).hasMessageContaining("writer exited on its own (exit status 3)");
        });
        stack.close();

        assertThat(stack.processes()).noneMatch(ChildProcess::isAlive);
    }

    @Test
    void aStopAskedForWhileTheStackStartsEndsTheWaitAtOnce() throws Exception {
        final Stack stack = new Stack(
                plan().setting(Service.CLAIM, "FAKE_NEVER_READY", "yes").build());
        stack.startBroker();
        stack.awaitBroker();
        stack.startServices(List.of(new Replica(Service.CLAIM, 1)));

        stack.cancel();

        assertThatThrownBy(() -> stack.awaitServices((pending, waited) -> {}))
                .isInstanceOfSatisfying(
                        StackFailure.class,
                        failure -> assertThat(failure.kind()).isEqualTo(StackFailure.Kind.CANCELLED));
        stack.close();
        assertThat(stack.processes()).noneMatch(ChildProcess::isAlive);
    }

    @Test
    void anInstanceThatDiesBesideAnotherOfItsServiceLeavesThatOneToAnswerAndTheLastInstanceNone() throws Exception {
        final Stack stack = new Stack(plan().replicas(Service.CLAIM, 2).build());
        stack.start();
        final ChildProcess first = stack.service(new Replica(Service.CLAIM, 1));
        final ChildProcess second = stack.service(new Replica(Service.CLAIM, 2));

        stack.kill(new Replica(Service.CLAIM, 1));
        first.awaitExit(Duration.ofSeconds(10));

        assertThat(stack.othersRunning(first)).containsExactly(second.name());
        assertThat(stack.othersRunning(stack.service(new Replica(Service.WRITER, 1))))
                .as("a service's only instance has no other")
                .isEmpty();
        assertThat(stack.othersRunning(stack.broker()))
                .as("the broker is not a service instance")
                .isEmpty();

        stack.kill(new Replica(Service.CLAIM, 2));
        second.awaitExit(Duration.ofSeconds(10));
        assertThat(stack.othersRunning(second))
                .as("the last instance gone: none answers")
                .isEmpty();
        stack.close();
    }

    private void awaitJournal(String line) throws InterruptedException {
        assertThat(Deadline.of(Duration.ofSeconds(30)).await(() -> {
                    try {
                        return Files.exists(journal)
                                && Files.readAllLines(journal, StandardCharsets.UTF_8)
                                        .contains(line);
                    } catch (IOException e) {
                        return false;
                    }
                }))
                .as(line)
                .isTrue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
