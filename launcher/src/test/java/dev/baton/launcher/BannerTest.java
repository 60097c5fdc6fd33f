package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BannerTest {

    private final Terminal plain = new Terminal(
            new PrintStream(PrintStream.nullOutputStream()),
            new PrintStream(PrintStream.nullOutputStream()),
            false,
            false);

    @Test
    void theBannerListsEachServiceWithWhatItServesThenTheStacksFolders() {
        final List<Banner.Entry> services = List.of(
                new Banner.Entry(
                        "backlog-service",
                        URI.create("http://127.0.0.1:8080"),
                        Service.BACKLOG.role(),
                        List.of("/q/openapi")),
                new Banner.Entry(
                        "claim-service",
                        URI.create("http://127.0.0.1:8081"),
                        Service.CLAIM.role(),
                        List.of("/q/openapi", "/q/swagger-ui")));

        final List<String> lines = Banner.lines(
                services, null, "127.0.0.1:9092", Path.of("/repo/data"), Path.of("/repo/data/logs"), plain);

        assertThat(lines)
                .containsExactly(
                        "",
                        "Baton is up.",
                        "  backlog-service   http://127.0.0.1:8080    (submissions and the read model)",
                        "                    http://127.0.0.1:8080/q/health/ready  http://127.0.0.1:8080/q/openapi",
                        "  claim-service     http://127.0.0.1:8081    (claim engine and agent API)",
                        "                    http://127.0.0.1:8081/q/health/ready  http://127.0.0.1:8081/q/openapi"
                                + "  http://127.0.0.1:8081/q/swagger-ui",
                        "  Kafka bootstrap   127.0.0.1:9092",
                        "  data folder       /repo/data",
                        "  logs              /repo/data/logs/<name>.log",
                        "Press Ctrl-C to stop.",
                        "");
    }

    @Test
    void underTheDemoTheBannerSaysWhenTheDevlogIsPublished() {
        final List<String> lines =
                Banner.lines(List.of(), "PT2M", "127.0.0.1:9092", Path.of("/d"), Path.of("/d/logs"), plain);

        assertThat(lines).contains("  demo              simulated agents and a trickle of work; devlog schedule PT2M");
    }

    @Test
    void withTheBacklogServiceTheBannerGivesTheBoardsAddressWithItsTokenInTheFragment() {
        final java.net.URI board = Banner.board(URI.create("http://127.0.0.1:8080"), "eyJ.abc.def");

        final List<String> lines =
                Banner.lines(List.of(), board, null, "127.0.0.1:9092", Path.of("/d"), Path.of("/d/logs"), plain);

        assertThat(board.getFragment()).isEqualTo("token=eyJ.abc.def");
        assertThat(board.getPath()).isEqualTo("/board/");
        assertThat(lines).contains("  board             http://127.0.0.1:8080/board/#token=eyJ.abc.def");
    }
}
