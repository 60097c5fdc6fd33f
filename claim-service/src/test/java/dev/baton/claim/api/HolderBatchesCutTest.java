package dev.baton.claim.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.limits.Limits;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A partition's share of a batch call, cut into records the broker takes. */
class HolderBatchesCutTest {

    private static final Codec<Command> COMMANDS = Codec.of(Command.class);

    private static Command.CompleteItem heavy(int n) {
        // Near the largest result a completion may carry.
        final String notes = "n".repeat(Limits.MAX_NOTES);
        final List<String> logs = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_LOG_LINES / 2; i++) {
            logs.add("l".repeat(200));
        }
        return new Command.CompleteItem(
                "k#i" + n, "i" + n, "a1", 1, new Result("s".repeat(Limits.MAX_SUMMARY), notes, List.of("t"), logs));
    }

    @Test
    void aShareTooLargeForOneRecordIsCutInOrderIntoRecordsWithinTheBound() {
        final List<Command.HolderCommand> share = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            share.add(heavy(i));
        }

        final List<Command.Batch> records = HolderBatches.cut("k", 7, share);

        assertThat(records).hasSizeGreaterThan(1);
        assertThat(records).extracting(Command.Batch::requestId).startsWith("k#batch/7.0", "k#batch/7.1");
        assertThat(records)
                .allSatisfy(record ->
                        assertThat(COMMANDS.encode(record).length).isLessThanOrEqualTo(Limits.MAX_BATCH_RECORD_BYTES));
        assertThat(records.stream().flatMap(r -> r.parts().stream()).toList()).containsExactlyElementsOf(share);
    }

    @Test
    void aShareOfSmallPartsIsOneRecord() {
        final List<Command.HolderCommand> share = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_CLAIM_BATCH; i++) {
            share.add(new Command.RenewLease("k#i" + i, "i" + i, "a1", 3, null, "half way"));
        }

        assertThat(HolderBatches.cut("k", 0, share))
                .singleElement()
                .satisfies(record -> assertThat(record.parts()).containsExactlyElementsOf(share));
    }
}
