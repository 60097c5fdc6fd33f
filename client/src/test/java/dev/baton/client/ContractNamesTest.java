package dev.baton.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The client keeps its own small types so an agent does not take on the services' dependencies;
 * these tests keep them in step with the contracts the services answer with.
 */
class ContractNamesTest {

    @Test
    void everyReasonTheServicesGiveHasANameInTheClient() {
        for (dev.baton.contracts.reply.Reason reason : dev.baton.contracts.reply.Reason.values()) {
            assertThat(Reason.parse(reason.name()))
                    .as(reason.name())
                    .isNotEqualTo(Reason.OTHER)
                    .extracting(Reason::name)
                    .isEqualTo(reason.name());
        }
    }

    @Test
    void everyItemStateIsAClientStateAndTerminalAlike() {
        assertThat(Arrays.stream(ItemState.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(dev.baton.contracts.item.ItemState.values())
                        .map(Enum::name)
                        .toList());
        for (dev.baton.contracts.item.ItemState state : dev.baton.contracts.item.ItemState.values()) {
            assertThat(ItemState.valueOf(state.name()).terminal())
                    .as(state.name())
                    .isEqualTo(state.terminal());
        }
    }

    @Test
    void aResultIsWrittenAsTheClaimServiceReadsIt() throws Exception {
        final var sent = Wire.MAPPER.writeValueAsString(Result.of("built")
                .withNotes("n")
                .withTags(java.util.List.of("ci"))
                .withLogs(java.util.List.of("line")));

        assertThat(dev.baton.contracts.json.Json.mapper().readValue(sent, dev.baton.contracts.item.Result.class))
                .isEqualTo(new dev.baton.contracts.item.Result(
                        "built", "n", java.util.List.of("ci"), java.util.List.of("line")));
    }
}
