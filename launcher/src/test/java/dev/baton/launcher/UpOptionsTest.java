package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpOptionsTest {

    private static final Path DEFAULT_DATA = Path.of("/repo/data");

    @Test
    void withoutFlagsOrVariablesTheStackRunsOnTheDefaultPortsAndFolder() throws UsageError {
        final UpOptions options = UpOptions.parse(List.of(), Map.of(), DEFAULT_DATA);

        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.port(Service.BACKLOG)).isEqualTo(8080);
        assertThat(options.port(Service.CLAIM)).isEqualTo(8081);
        assertThat(options.port(Service.WRITER)).isEqualTo(8082);
        assertThat(options.partitions()).isEqualTo(12);
        assertThat(options.dataDir()).isEqualTo("/repo/data");
        assertThat(options.quiet()).isFalse();
        assertThat(options.demo()).isFalse();
        assertThat(options.kafkaAuth()).isFalse();
        assertThat(options.plan(Path.of("/repo"), Path.of("/repo")).build().kafkaAuth())
                .isFalse();
    }

    @Test
    void kafkaAuthAsksForABrokerWithScramAndAcls() throws UsageError {
        final UpOptions options = UpOptions.parse(List.of("--kafka-auth"), Map.of(), DEFAULT_DATA);

        assertThat(options.kafkaAuth()).isTrue();
        assertThat(options.plan(Path.of("/repo"), Path.of("/repo")).build().kafkaAuth())
                .isTrue();
    }

    @Test
    void variablesSetWhatNoFlagSaysAndFlagsWinOverThem() throws UsageError {
        final Map<String, String> env = Map.of(
                "BATON_KAFKA_PORT",
                "19092",
                "BATON_CLAIM_PORT",
                "18081",
                "BATON_DATA_DIR",
                "/from/env",
                "BATON_PARTITIONS",
                "3");

        final UpOptions options =
                UpOptions.parse(List.of("--claim-port", "28081", "--data-dir=/from/flag"), env, DEFAULT_DATA);

        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.port(Service.CLAIM)).isEqualTo(28081);
        assertThat(options.port(Service.BACKLOG)).isEqualTo(8080);
        assertThat(options.dataDir()).isEqualTo("/from/flag");
        assertThat(options.partitions()).isEqualTo(3);
    }

    @Test
    void everyFlagIsReadInBothSpellings() throws UsageError {
        final UpOptions spaced = UpOptions.parse(
                List.of(
                        "--kafka-port",
                        "1000",
                        "--backlog-port",
                        "1010",
                        "--claim-port",
                        "1011",
                        "--writer-port",
                        "1012",
                        "--partitions",
                        "4",
                        "--data-dir",
                        "d",
                        "-q",
                        "--demo"),
                Map.of(),
                DEFAULT_DATA);
        final UpOptions joined = UpOptions.parse(
                List.of(
                        "--kafka-port=1000",
                        "--backlog-port=1010",
                        "--claim-port=1011",
                        "--writer-port=1012",
                        "--partitions=4",
                        "--data-dir=d",
                        "--quiet",
                        "--demo"),
                Map.of(),
                DEFAULT_DATA);

        assertThat(joined).isEqualTo(spaced);
        assertThat(spaced.quiet()).isTrue();
        assertThat(spaced.demo()).isTrue();
    }

    @Test
    void anUnknownFlagIsAUsageErrorNamingIt() {
        assertThatThrownBy(() -> UpOptions.parse(List.of("--replica", "2"), Map.of(), DEFAULT_DATA))
                .isInstanceOf(UsageError.class)
                .hasMessage("unknown flag for 'up': --replica");
        assertThatThrownBy(() -> UpOptions.parse(List.of("--demo=yes"), Map.of(), DEFAULT_DATA))
                .isInstanceOf(UsageError.class)
                .hasMessage("unknown flag for 'up': --demo=yes");
    }

    @Test
    void aFlagWithoutItsValueIsAUsageError() {
        assertThatThrownBy(() -> UpOptions.parse(List.of("--kafka-port"), Map.of(), DEFAULT_DATA))
                .isInstanceOf(UsageError.class)
                .hasMessage("--kafka-port needs a value");
    }

    @Test
    void aPortOutsideTheRangeIsNamedByItsFlagWhetherFlagOrVariableGaveIt() {
        assertThatThrownBy(() -> UpOptions.parse(List.of("--writer-port", "70000"), Map.of(), DEFAULT_DATA))
                .isInstanceOf(UsageError.class)
                .hasMessage("--writer-port must be a port number (1-65535), got '70000'");
        assertThatThrownBy(() -> UpOptions.parse(List.of(), Map.of("BATON_BACKLOG_PORT", "http"), DEFAULT_DATA))
                .isInstanceOf(UsageError.class)
                .hasMessage("--backlog-port must be a port number (1-65535), got 'http'");
        assertThatThrownBy(() -> UpOptions.parse(List.of("--claim-port", "0"), Map.of(), DEFAULT_DATA))
                .isInstanceOf(UsageError.class)
                .hasMessageStartingWith("--claim-port must be a port number");
    }

    @Test
    void theKafkaPortLeavesRoomForTheControllerOnTheNextPort() {
        assertThatThrownBy(() -> UpOptions.parse(List.of("--kafka-port", "65535"), Map.of(), DEFAULT_DATA))
                .isInstanceOf(UsageError.class)
                .hasMessage("--kafka-port must leave room for the controller on the next port");
    }

    @Test
    void partitionsArePositiveAndTheDataFolderIsNamed() {
        assertThatThrownBy(() -> UpOptions.parse(List.of("--partitions", "0"), Map.of(), DEFAULT_DATA))
                .isInstanceOf(UsageError.class)
                .hasMessage("--partitions must be a positive number, got '0'");
        assertThatThrownBy(() -> UpOptions.parse(List.of("--data-dir", ""), Map.of(), DEFAULT_DATA))
                .isInstanceOf(UsageError.class)
                .hasMessage("--data-dir must not be empty");
    }

    @Test
    void replicasRunThatManyOfEveryServiceWithStateInKafkaAndTheMcpServerOnce() throws UsageError {
        final StackPlan flagged = UpOptions.parse(List.of("--replicas", "2"), Map.of(), DEFAULT_DATA)
                .plan(Path.of("/repo"), Path.of("/repo"))
                .build();
        final StackPlan fromEnv = UpOptions.parse(List.of(), Map.of("BATON_REPLICAS", "3"), DEFAULT_DATA)
                .plan(Path.of("/repo"), Path.of("/repo"))
                .build();

        assertThat(flagged.replicas(Service.BACKLOG)).isEqualTo(2);
        assertThat(flagged.replicas(Service.CLAIM)).isEqualTo(2);
        assertThat(flagged.replicas(Service.WRITER)).isEqualTo(2);
        assertThat(flagged.replicas(Service.MCP)).isEqualTo(1);
        assertThat(fromEnv.replicas(Service.CLAIM)).isEqualTo(3);
        assertThat(UpOptions.parse(List.of(), Map.of(), DEFAULT_DATA).replicas())
                .isEqualTo(1);
    }

    @Test
    void replicasAreOneToNine() {
        for (String wrong : List.of("0", "10", "two", "-1")) {
            assertThatThrownBy(() -> UpOptions.parse(List.of("--replicas=" + wrong), Map.of(), DEFAULT_DATA))
                    .as(wrong)
                    .isInstanceOf(UsageError.class)
                    .hasMessage("--replicas must be a number from 1 to 9, got '" + wrong + "'");
        }
    }

    @Test
    void theDemoGivesTheWriterAShortDayUnlessAScheduleIsSet() throws UsageError {
        final Path root = Path.of("/repo");
        final StackPlan demo = UpOptions.parse(List.of("--demo"), Map.of(), DEFAULT_DATA)
                .plan(root, root)
                .build();
        final StackPlan chosen = UpOptions.parse(
                        List.of("--demo"), Map.of("BATON_WRITER_SCHEDULE", "PT5M"), DEFAULT_DATA)
                .plan(root, root)
                .build();
        final StackPlan plain = UpOptions.parse(List.of(), Map.of(), DEFAULT_DATA)
                .plan(root, root)
                .build();

        assertThat(demo.environment()).containsEntry("BATON_WRITER_SCHEDULE", "PT2M");
        assertThat(chosen.environment()).containsEntry("BATON_WRITER_SCHEDULE", "PT5M");
        assertThat(plain.environment()).doesNotContainKey("BATON_WRITER_SCHEDULE");
    }

    @Test
    void aRelativeDataFolderIsTheCallersNotTheRepositorys() throws UsageError {
        final StackPlan plan = UpOptions.parse(List.of("--data-dir", "mine"), Map.of(), DEFAULT_DATA)
                .plan(Path.of("/repo"), Path.of("/home/me"))
                .build();

        assertThat(plan.dataDir()).isEqualTo(Path.of("/home/me/mine"));
        assertThat(plan.logDir()).isEqualTo(Path.of("/home/me/mine/logs"));
        assertThat(plan.root()).isEqualTo(Path.of("/repo"));
    }
}
