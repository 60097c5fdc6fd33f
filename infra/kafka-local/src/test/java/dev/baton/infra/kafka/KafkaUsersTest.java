package dev.baton.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.catalog.Access;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaUsersTest {

    @TempDir
    Path dir;

    @Test
    void theFirstSecuredStartMakesAPasswordPerPrincipalInAFileOnlyItsOwnerReads() throws IOException {
        final Path file = dir.resolve("identity").resolve("kafka-users.properties");

        final Map<String, String> passwords = KafkaUsers.ensure(file);

        assertThat(passwords).containsKey(Scram.ADMIN);
        Access.all().forEach(principal -> assertThat(passwords).containsKey(principal.name()));
        assertThat(passwords.values())
                .doesNotHaveDuplicates()
                .allSatisfy(password ->
                        assertThat(password).hasSizeGreaterThanOrEqualTo(32).doesNotContain("\"", "\\"));
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void laterStartsReadTheSamePasswordsAndOnlyAddTheMissingOnes() throws IOException {
        final Path file = dir.resolve("kafka-users.properties");
        Files.writeString(file, Access.CLAIM_SERVICE.name() + "=kept\n");

        final Map<String, String> first = KafkaUsers.ensure(file);
        final Map<String, String> again = KafkaUsers.ensure(file);

        assertThat(first).containsEntry(Access.CLAIM_SERVICE.name(), "kept");
        assertThat(again).isEqualTo(first);
    }
}
