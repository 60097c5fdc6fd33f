package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackPlanTest {

    private static final Path ROOT = Path.of("/repo");
    private static final Path DATA = Path.of("/data");
    private static final Path JAR = Path.of("/repo/x.jar");

    private static StackPlan.Builder plan() {
        return StackPlan.builder()
                .root(ROOT)
                .dataDir(DATA)
                .java("java")
                .kafkaPort(9092)
                .port(Service.BACKLOG, 8080)
                .port(Service.CLAIM, 8081)
                .port(Service.WRITER, 8082)
                .port(Service.MCP, 8083)
                .partitions(12);
    }

    @Test
    void everyProcessReadsWhereTheBrokerTheDataAndEveryPortAre() {
        final StackPlan plan = plan().build();

        for (ProcessSpec spec :
                List.of(plan.broker(JAR), plan.service(new Replica(Service.CLAIM, 1), JAR), plan.demo(JAR))) {
            assertThat(spec.environment())
                    .containsEntry("BATON_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
                    .containsEntry("BATON_DATA_DIR", "/data")
                    .containsEntry("BATON_KAFKA_PORT", "9092")
                    .containsEntry("BATON_BACKLOG_PORT", "8080")
                    .containsEntry("BATON_CLAIM_PORT", "8081")
                    .containsEntry("BATON_WRITER_PORT", "8082")
                    .containsEntry("BATON_PARTITIONS", "12")
                    .doesNotContainKeys("BATON_INSTANCE_ID", "BATON_ADVERTISED_HOST");
            assertThat(spec.workingDir()).isEqualTo(ROOT);
        }
    }

    @Test
    void theBrokerRunsAloneOnItsPortAndTheNextWithItsDataUnderTheDataFolder() {
        final ProcessSpec broker = plan().kafkaPort(19092).partitions(3).build().broker(JAR);

        assertThat(broker.name()).isEqualTo("kafka");
        assertThat(broker.command())
                .containsExactly(
                        "java",
                        "-Xmx1g",
                        "-jar",
                        "/repo/x.jar",
                        "--port",
                        "19092",
                        "--controller-port",
                        "19093",
                        "--data-dir",
                        "/data/kafka",
                        "--partitions",
                        "3");
        assertThat(broker.log()).isEqualTo(Path.of("/data/logs/kafka.log"));
        assertThat(broker.readiness())
                .isEqualTo(new Readiness.LogLine("baton.kafka status=ready", Duration.ofSeconds(60)));
    }

    @Test
    void aServiceIsReadyWhenItsHealthCheckAnswersWithinTwoMinutes() {
        final ProcessSpec claim = plan().build().service(new Replica(Service.CLAIM, 1), JAR);

        assertThat(claim.name()).isEqualTo("claim");
        assertThat(claim.command()).containsExactly("java", "-Xmx512m", "-jar", "/repo/x.jar");
        assertThat(claim.log()).isEqualTo(Path.of("/data/logs/claim.log"));
        assertThat(claim.readiness())
                .isEqualTo(new Readiness.HttpOk(
                        URI.create("http://127.0.0.1:8081/q/health/ready"), Duration.ofSeconds(120)));
    }

    @Test
    void theDemoIsASmallJvmThatNothingWaitsFor() {
        final ProcessSpec demo = plan().build().demo(JAR);

        assertThat(demo.command()).containsExactly("java", "-Xmx128m", "-XX:+UseSerialGC", "-jar", "/repo/x.jar");
        assertThat(demo.log()).isEqualTo(Path.of("/data/logs/demo.log"));
        assertThat(demo.readiness()).isInstanceOf(Readiness.Started.class);
    }

    @Test
    void replicaIListensOnTheServicesPortPlusTenTimesIMinusOne() {
        final StackPlan plan = plan().replicas(Service.CLAIM, 3).build();

        assertThat(plan.port(new Replica(Service.CLAIM, 1))).isEqualTo(8081);
        assertThat(plan.port(new Replica(Service.CLAIM, 2))).isEqualTo(8091);
        assertThat(plan.port(new Replica(Service.CLAIM, 3))).isEqualTo(8101);
        assertThat(plan.url(new Replica(Service.CLAIM, 3))).isEqualTo(URI.create("http://127.0.0.1:8101"));
    }

    @Test
    void aReplicaOfSeveralHasItsOwnNamePortInstanceIdAddressAndDataFolder() {
        final StackPlan plan = plan().replicas(Service.WRITER, 2).build();
        final Replica second = new Replica(Service.WRITER, 2);

        final ProcessSpec spec = plan.service(second, JAR);

        assertThat(spec.name()).isEqualTo("writer-2");
        assertThat(spec.log()).isEqualTo(Path.of("/data/logs/writer-2.log"));
        assertThat(spec.environment())
                .containsEntry("BATON_WRITER_PORT", "8092")
                .containsEntry("BATON_INSTANCE_ID", "writer-2")
                .containsEntry("BATON_ADVERTISED_HOST", "127.0.0.1")
                .containsEntry("BATON_DATA_DIR", "/data/writer-2")
                .containsEntry("BATON_BACKLOG_PORT", "8080");
        assertThat(plan.service(new Replica(Service.WRITER, 1), JAR).environment())
                .containsEntry("BATON_WRITER_PORT", "8082")
                .containsEntry("BATON_INSTANCE_ID", "writer-1");
        assertThat(plan.service(new Replica(Service.CLAIM, 1), JAR).name()).isEqualTo("claim");
        assertThat(plan.replicas())
                .containsExactly(
                        new Replica(Service.BACKLOG, 1),
                        new Replica(Service.CLAIM, 1),
                        new Replica(Service.WRITER, 1),
                        second,
                        new Replica(Service.MCP, 1));
    }

    @Test
    void everyServiceVerifiesTokensWithTheStacksOwnKeyEvenAReplicaWithAFolderOfItsOwn() {
        final StackPlan plan = plan().replicas(Service.WRITER, 2).build();

        for (Replica replica : plan.replicas()) {
            assertThat(plan.service(replica, JAR).environment())
                    .as(replica.toString())
                    .containsEntry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "/data/identity/verify-key.pem")
                    .containsEntry("MP_JWT_VERIFY_ISSUER", "baton-local")
                    .containsEntry("MP_JWT_VERIFY_AUDIENCES", "baton");
        }
        assertThat(plan.verifyKey()).isEqualTo(Path.of("/data/identity/verify-key.pem"));
    }

    @Test
    void theWriterIsToldWhereThePublicAPIItIsAnAgentOfAnswers() {
        final StackPlan plan = plan().replicas(Service.WRITER, 2).build();

        for (int replica = 1; replica <= 2; replica++) {
            assertThat(plan.service(new Replica(Service.WRITER, replica), JAR).environment())
                    .containsEntry("BATON_BACKLOG_URL", "http://127.0.0.1:8080")
                    .containsEntry("BATON_CLAIM_URL", "http://127.0.0.1:8081");
        }
        assertThat(plan.service(new Replica(Service.CLAIM, 1), JAR).environment())
                .doesNotContainKeys("BATON_BACKLOG_URL", "BATON_CLAIM_URL");
        assertThat(plan.demo(JAR).environment()).doesNotContainKeys("BATON_BACKLOG_URL", "BATON_CLAIM_URL");
    }

    @Test
    void theBacklogServiceIsToldWhereTheWriterAnswersForItsBoardsDevlog() {
        final StackPlan plan = plan().build();

        assertThat(plan.service(new Replica(Service.BACKLOG, 1), JAR).environment())
                .containsEntry("BATON_WRITER_URL", "http://127.0.0.1:8082");
    }

    @Test
    void inAReplicatedStackEveryAgentIsGivenEveryInstanceOfEachService() {
        final StackPlan plan = plan().replicas(Service.BACKLOG, 2)
                .replicas(Service.CLAIM, 2)
                .replicas(Service.WRITER, 2)
                .build();

        assertThat(plan.environment(new Replica(Service.WRITER, 2)))
                .containsEntry("BATON_BACKLOG_URL", "http://127.0.0.1:8080,http://127.0.0.1:8090")
                .containsEntry("BATON_CLAIM_URL", "http://127.0.0.1:8081,http://127.0.0.1:8091");
        assertThat(plan.environment(new Replica(Service.MCP, 1)))
                .containsEntry("BATON_WRITER_URL", "http://127.0.0.1:8082,http://127.0.0.1:8092");
        assertThat(plan.demo(JAR).environment())
                .containsEntry("BATON_BACKLOG_URL", "http://127.0.0.1:8080,http://127.0.0.1:8090")
                .containsEntry("BATON_CLAIM_URL", "http://127.0.0.1:8081,http://127.0.0.1:8091")
                .containsEntry("BATON_WRITER_URL", "http://127.0.0.1:8082,http://127.0.0.1:8092");
        assertThat(plan.agentUrls())
                .containsExactly(
                        Map.entry("BATON_BACKLOG_URL", "http://127.0.0.1:8080,http://127.0.0.1:8090"),
                        Map.entry("BATON_CLAIM_URL", "http://127.0.0.1:8081,http://127.0.0.1:8091"),
                        Map.entry("BATON_WRITER_URL", "http://127.0.0.1:8082,http://127.0.0.1:8092"));
        assertThat(plan.instancesFile()).isEqualTo(Path.of("/data/instances.properties"));
    }

    @Test
    void aServiceOfSeveralInstancesKeepsAStandbyCopyOfEachTaskUnlessTheStackSaysOtherwise() {
        final StackPlan plan = plan().replicas(Service.CLAIM, 2).build();
        final StackPlan told = plan().replicas(Service.CLAIM, 2)
                .setting("BATON_STANDBY_REPLICAS", "0")
                .build();

        assertThat(plan.environment(new Replica(Service.CLAIM, 2))).containsEntry("BATON_STANDBY_REPLICAS", "1");
        assertThat(plan.environment(new Replica(Service.BACKLOG, 1))).doesNotContainKey("BATON_STANDBY_REPLICAS");
        assertThat(told.environment(new Replica(Service.CLAIM, 1))).containsEntry("BATON_STANDBY_REPLICAS", "0");
    }

    @Test
    void aReplicasSettingWinsOverItsServicesAndTheStacks() {
        final StackPlan plan = plan().replicas(Service.WRITER, 2)
                .setting("BATON_WRITER_SCHEDULE", "PT2M")
                .setting(Service.WRITER, "BATON_WRITER_SCHEDULE", "off")
                .setting(Service.WRITER, 2, "BATON_BACKLOG_URL", "http://127.0.0.1:1")
                .build();

        assertThat(plan.environment(new Replica(Service.WRITER, 2)))
                .containsEntry("BATON_WRITER_SCHEDULE", "off")
                .containsEntry("BATON_BACKLOG_URL", "http://127.0.0.1:1");
        assertThat(plan.environment(new Replica(Service.WRITER, 1)))
                .containsEntry("BATON_BACKLOG_URL", "http://127.0.0.1:8080");
        assertThat(plan.environment(new Replica(Service.CLAIM, 1))).containsEntry("BATON_WRITER_SCHEDULE", "PT2M");
    }

    @Test
    void aSettingForAReplicaThatDoesNotRunIsRefused() {
        assertThatThrownBy(() -> plan().setting(Service.CLAIM, 2, "X", "y").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("claim-2");
        assertThatThrownBy(() -> plan().build().replica(Service.CLAIM, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runs 1");
    }

    @Test
    void thePortsToCheckNameWhatListensOnEach() {
        final StackPlan plan = plan().replicas(Service.BACKLOG, 2).build();

        assertThat(plan.ports())
                .containsExactly(
                        new StackPlan.PortUse(9092, "Kafka"),
                        new StackPlan.PortUse(9093, "Kafka controller, the Kafka port + 1"),
                        new StackPlan.PortUse(8080, "backlog-service-1"),
                        new StackPlan.PortUse(8090, "backlog-service-2"),
                        new StackPlan.PortUse(8081, "claim-service"),
                        new StackPlan.PortUse(8082, "writer-service"),
                        new StackPlan.PortUse(8083, "mcp-service"));
    }

    @Test
    void theMcpServerIsAnAgentOfThePublicApiAndVerifiesTokensWithTheStacksKey() {
        final StackPlan plan = plan().replicas(Service.MCP, 2).build();

        for (int replica = 1; replica <= 2; replica++) {
            assertThat(plan.service(new Replica(Service.MCP, replica), JAR).environment())
                    .containsEntry("BATON_BACKLOG_URL", "http://127.0.0.1:8080")
                    .containsEntry("BATON_CLAIM_URL", "http://127.0.0.1:8081")
                    .containsEntry("BATON_WRITER_URL", "http://127.0.0.1:8082")
                    // one key for the stack, though a replica of several has a data folder of its own
                    .containsEntry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "/data/identity/verify-key.pem");
        }
        assertThat(plan.port(new Replica(Service.MCP, 2))).isEqualTo(8093);
        assertThat(Service.MCP.endpoint()).isEqualTo("/mcp");
        // a service that is the API itself needs no address of it, but verifies tokens with the same key
        assertThat(plan.service(new Replica(Service.CLAIM, 1), JAR).environment())
                .doesNotContainKey("BATON_CLAIM_URL")
                .containsEntry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "/data/identity/verify-key.pem");
    }

    @Test
    void withoutKafkaAuthTheBrokerIsOpenAndNoServiceGetsKafkaCredentials() {
        final StackPlan plan = plan().build();

        assertThat(plan.kafkaAuth()).isFalse();
        assertThat(plan.broker(JAR).command()).doesNotContain("--users");
        for (Replica replica : plan.replicas()) {
            assertThat(plan.service(replica, JAR).environment())
                    .doesNotContainKeys(
                            "BATON_KAFKA_SECURITY_PROTOCOL",
                            "BATON_KAFKA_SASL_MECHANISM",
                            "BATON_KAFKA_SASL_JAAS_CONFIG");
            assertThat(plan.kafkaClientSettings(replica, Map.of())).isEmpty();
        }
    }

    @Test
    void withKafkaAuthTheBrokerKeepsItsUsersInTheDataFolderAndEachReplicaConnectsAsItsServicesPrincipal() {
        final StackPlan plan = plan().kafkaAuth(true).replicas(Service.CLAIM, 2).build();
        final Map<String, String> passwords =
                Map.of("backlog-service", "pb", "claim-service", "pc", "writer-service", "pw", "baton-submitter", "ps");

        assertThat(plan.broker(JAR).command()).containsSequence("--users", "/data/identity/kafka-users.properties");
        assertThat(plan.kafkaClientSettings(new Replica(Service.CLAIM, 2), passwords))
                .containsEntry("BATON_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("BATON_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry(
                        "BATON_KAFKA_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"claim-service\" password=\"pc\";");
        assertThat(plan.kafkaClientSettings(new Replica(Service.WRITER, 1), passwords)
                        .get("BATON_KAFKA_SASL_JAAS_CONFIG"))
                .contains("username=\"writer-service\" password=\"pw\"");
        // the MCP server talks to the public API only: no Kafka principal of its own
        assertThat(plan.kafkaClientSettings(new Replica(Service.MCP, 1), passwords))
                .isEmpty();
        assertThatThrownBy(() -> plan.kafkaClientSettings(new Replica(Service.BACKLOG, 1), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Kafka password for backlog-service");
    }
}
