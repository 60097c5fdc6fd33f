package dev.baton.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of the build, as rules over the compiled classes of every module: the ownership rule
 * knows nothing of Kafka or Quarkus, the engine nothing of Quarkus, the contracts nothing of the
 * modules that use them, the clients nothing of Kafka, and the services reach each other only
 * through Kafka or the public HTTP API, never through each other's classes.
 */
class LayersTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importEveryModule() {
        final Path root = Path.of(System.getProperty("baton.root", ".."));
        final ClassFileImporter importer =
                new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
        final List<Path> folders = List.of(
                        "contracts",
                        "identity",
                        "engine-client",
                        "claim-engine",
                        "http-support",
                        "service-support",
                        "client",
                        "cli",
                        "claim-service",
                        "backlog-service",
                        "writer-service",
                        "mcp-service",
                        "demo",
                        "launcher")
                .stream()
                .map(module -> root.resolve(module).resolve("target/classes"))
                .toList();
        folders.forEach(folder -> {
            if (!Files.isDirectory(folder)) {
                throw new IllegalStateException(folder + " is not built; run the reactor build");
            }
        });
        classes = importer.importPaths(folders);
    }

    @Test
    void theOwnershipRuleKnowsNoKafkaNoQuarkusAndNoClock() {
        noClasses()
                .that()
                .resideInAPackage("dev.baton.claim.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "io.quarkus..", "jakarta..", "io.smallrye..", "io.vertx..")
                .orShould()
                .callMethod(java.time.Instant.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .because("the rule is pure: decide and evolve over records, with the time given to it")
                .check(classes);
    }

    @Test
    void theClaimEngineModuleHasNoFramework() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.baton.claim.engine..", "dev.baton.claim.state..", "dev.baton.claim.topology..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.quarkus..", "jakarta..", "io.smallrye..", "io.vertx..", "org.eclipse.microprofile..")
                .because("the topology is built by a 16-line producer in the claim-service; the engine itself is plain "
                        + "Kafka Streams")
                .check(classes);
    }

    @Test
    void theContractsDependOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("dev.baton.contracts..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.baton.claim..",
                        "dev.baton.backlog..",
                        "dev.baton.writer..",
                        "dev.baton.mcp..",
                        "dev.baton.engine..",
                        "dev.baton.http..",
                        "dev.baton.service..",
                        "dev.baton.client..",
                        "dev.baton.cli..",
                        "dev.baton.launcher..",
                        "io.quarkus..")
                .check(classes);
    }

    @Test
    void theIdentityModuleNeedsOnlyTheJdk() {
        noClasses()
                .that()
                .resideInAPackage("dev.baton.identity..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("dev.baton.identity..", "java..")
                .because("the launcher runs on the JDK alone and mints with it, as do the CLI, the demo and the tests")
                .check(classes);
    }

    @Test
    void theClientsSpeakHttpOnly() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.baton.client..", "dev.baton.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "dev.baton.contracts..", "io.quarkus..")
                .because("an agent needs only the JDK's HTTP client and Jackson")
                .check(classes);
    }

    @Test
    void theServicesReachEachOtherOnlyThroughKafkaOrThePublicApi() {
        noClasses()
                .that()
                .resideInAPackage("dev.baton.writer..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.baton.backlog..", "dev.baton.claim..", "dev.baton.engine..", "dev.baton.service..")
                .because("the writer is an agent: it submits and claims through the public API")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.baton.mcp..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.baton.backlog..",
                        "dev.baton.claim..",
                        "dev.baton.engine..",
                        "dev.baton.service..",
                        "dev.baton.writer..")
                .because("the MCP server is an agent: its sessions claim and report through the public API")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.baton.backlog..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.baton.claim.api..",
                        "dev.baton.claim.streams..",
                        "dev.baton.claim.engine..",
                        "dev.baton.claim.state..",
                        "dev.baton.claim.topology..",
                        "dev.baton.writer..",
                        "dev.baton.mcp..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage("dev.baton.claim.api..", "dev.baton.claim.streams..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.baton.backlog..", "dev.baton.writer..", "dev.baton.mcp..")
                .check(classes);
    }
}
