package dev.baton.claim.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.json.Decoded;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** Parked commands alone, over real stores: they wait for their item, in arrival order, for the grace. */
class ParkedCommandsTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(3);

    private final KeyValueStore<String, byte[]> commands = TestStores.bytes("parked-commands-store");
    private final ParkedCommands parked =
            new ParkedCommands(commands, TestStores.strings("parked-deadlines-store"), GRACE);

    private static Command claim(String requestId, String itemId) {
        return new Command.ClaimItem(requestId, itemId, "a1", null);
    }

    @Test
    void commandsComeBackWhenTheirItemArrivesInTheOrderTheyArrived() {
        parked.park(claim("r-z", "42"), T0);
        parked.park(claim("r-a", "42"), T0.plusMillis(5));
        parked.park(claim("r-other", "43"), T0);

        assertThat(parked.unpark("42"))
                .containsExactly(new Decoded.Ok<>(claim("r-z", "42")), new Decoded.Ok<>(claim("r-a", "42")));
        assertThat(parked.unpark("42")).as("taken out").isEmpty();
        assertThat(parked.unpark("43")).hasSize(1);
    }

    @Test
    void theSameRequestParkedTwiceIsParkedOnce() {
        assertThat(parked.park(claim("r-1", "42"), T0)).isTrue();
        assertThat(parked.park(claim("r-1", "42"), T0.plusSeconds(1))).isFalse();

        assertThat(parked.unpark("42")).hasSize(1);
    }

    @Test
    void aCommandExpiresOnceItsGraceIsOverAndIsNoLongerParked() {
        parked.park(claim("r-1", "42"), T0);

        assertThat(parked.expire(T0.plus(GRACE).toEpochMilli() - 1, 100)).isEmpty();
        assertThat(parked.expire(T0.plus(GRACE).toEpochMilli(), 100)).containsExactly(claim("r-1", "42"));
        assertThat(parked.unpark("42")).isEmpty();
        assertThat(parked.expire(T0.plus(GRACE).toEpochMilli(), 100)).isEmpty();
    }

    @Test
    void aCommandThatCameBackWithItsItemDoesNotExpireLater() {
        parked.park(claim("r-1", "42"), T0);
        parked.unpark("42");

        assertThat(parked.expire(T0.plus(GRACE).toEpochMilli(), 100)).isEmpty();
    }

    @Test
    void anUnreadableParkedCommandComesBackAsAFailureWithItsBytes() {
        final byte[] garbage = "not a parked command".getBytes(StandardCharsets.UTF_8);
        commands.put("42\u0000r-1", garbage);

        assertThat(parked.unpark("42"))
                .singleElement()
                .isInstanceOfSatisfying(
                        Decoded.Failed.class, failed -> assertThat(failed.raw()).isEqualTo(garbage));
    }
}
