package dev.baton.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalIdentityTest {

    @TempDir
    Path dataDir;

    @Test
    void aFirstStartMakesAKeyPairThatOnlyItsOwnerCanReadAndALaterStartKeepsIt() throws Exception {
        final LocalIdentity first = LocalIdentity.ensure(dataDir);
        final String publicKey = Files.readString(first.verifyKey());

        final LocalIdentity again = LocalIdentity.ensure(dataDir);

        assertThat(Files.readString(again.verifyKey())).isEqualTo(publicKey);
        assertThat(first.signingKey()).isEqualTo(dataDir.resolve("identity/signing-key.pem"));
        assertThat(Files.readString(first.signingKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(publicKey).startsWith("-----BEGIN PUBLIC KEY-----");
        if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(first.signingKey()))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        assertThat(LocalIdentity.find(dataDir)).isPresent();
        assertThat(LocalIdentity.find(dataDir.resolve("elsewhere"))).isEmpty();
    }

    @Test
    void aMintedTokenIsSignedByTheStacksKeyAndSaysWhoWithWhichRolesForHowLong() throws Exception {
        final LocalIdentity identity = LocalIdentity.ensure(dataDir);

        final String token =
                identity.minter().mint("agent-\"7\"", List.of(Role.AGENT, Role.READER), Duration.ofMinutes(5));

        final String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        final Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey(identity.verifyKey()));
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        final String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims)
                .contains("\"iss\":\"baton-local\"", "\"aud\":\"baton\"", "\"sub\":\"agent-\\\"7\\\"\"")
                .contains("\"groups\":[\"agent\",\"reader\"]");
        final long iat = Long.parseLong(claims.replaceAll(".*\"iat\":(\\d+).*", "$1"));
        final long exp = Long.parseLong(claims.replaceAll(".*\"exp\":(\\d+).*", "$1"));
        assertThat(exp - iat).isEqualTo(300);
    }

    @Test
    void anUnknownRoleOrAnUnprintableSubjectIsRefusedBeforeAnythingIsSigned() {
        final TokenMinter minter = LocalIdentity.ensure(dataDir).minter();

        assertThatThrownBy(() -> minter.mint("alice", List.of("admin"), Duration.ofMinutes(1)))
                .hasMessageContaining("no such role");
        assertThatThrownBy(() -> minter.mint("al\nice", List.of(Role.AGENT), Duration.ofMinutes(1)))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> minter.mint(" ", List.of(Role.AGENT), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLifetimeIsReadAsPeopleWriteIt() {
        assertThat(Ttl.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Ttl.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Ttl.parse("8h")).isEqualTo(Duration.ofHours(8));
        assertThat(Ttl.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Ttl.parse("PT2H")).isEqualTo(Duration.ofHours(2));
        for (String wrong : new String[] {"", "h", "0s", "-5m", "5y", "PTx", "99999999999999999999d"}) {
            assertThatThrownBy(() -> Ttl.parse(wrong)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anOperatorMayAlsoRead() {
        assertThat(Role.withImplied(List.of(Role.OPERATOR))).containsExactly(Role.OPERATOR, Role.READER);
        assertThat(Role.withImplied(List.of(Role.AGENT))).containsExactly(Role.AGENT);
    }

    private static PublicKey publicKey(Path pem) throws Exception {
        final String base64 =
                Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
