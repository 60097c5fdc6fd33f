package dev.baton.claim.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The trace context a record came with stays on everything the engine writes while deciding it, and only on that. */
class TraceContextCarrierTest {

    private static final String SUBMITTED_BY = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String CLAIMED_BY = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final EngineDriver engine = new EngineDriver();

    @AfterEach
    void close() {
        engine.close();
    }

    private static Headers traced(String traceparent) {
        final Headers headers = new RecordHeaders();
        headers.add("traceparent", traceparent.getBytes(UTF_8));
        headers.add("tracestate", "baton=1".getBytes(UTF_8));
        return headers;
    }

    private static String traceparent(TestRecord<String, byte[]> record) {
        final Header header = record.headers().lastHeader("traceparent");
        return header == null ? null : new String(header.value(), UTF_8);
    }

    @Test
    void eachEventAndAnswerCarriesTheContextOfTheRecordThatCausedItAndAnExpiryCarriesNone() {
        engine.items.pipeInput(new TestRecord<>(
                "42",
                EngineDriver.EVENTS.encode(
                        new ItemEvent.ItemSubmitted("42", EngineDriver.T0, null, ItemSpec.of("build", "Traced"), null)),
                traced(SUBMITTED_BY),
                EngineDriver.T0));
        engine.requests.pipeInput(new TestRecord<>(
                "42",
                EngineDriver.COMMANDS.encode(new Command.ClaimItem("c1", "42", "a1", null)),
                traced(CLAIMED_BY),
                EngineDriver.T0));

        final List<TestRecord<String, byte[]>> events = engine.events.readRecordsToList();
        assertThat(events).hasSizeGreaterThanOrEqualTo(2);
        final TestRecord<String, byte[]> submitted = events.get(0);
        final TestRecord<String, byte[]> claimed = events.get(events.size() - 1);
        assertThat(new String(submitted.value(), UTF_8)).contains("ItemSubmitted");
        assertThat(traceparent(submitted)).isEqualTo(SUBMITTED_BY);
        assertThat(new String(claimed.value(), UTF_8)).contains("ItemClaimed");
        assertThat(traceparent(claimed)).isEqualTo(CLAIMED_BY);
        assertThat(new String(claimed.headers().lastHeader("tracestate").value(), UTF_8))
                .isEqualTo("baton=1");
        assertThat(engine.replies.readRecordsToList())
                .last()
                .satisfies(answer -> assertThat(traceparent(answer)).isEqualTo(CLAIMED_BY));

        engine.advance(Duration.ofMinutes(2));

        final List<TestRecord<String, byte[]>> later = engine.events.readRecordsToList();
        assertThat(later)
                .filteredOn(r -> new String(r.value(), UTF_8).contains("LeaseExpired"))
                .hasSize(1)
                .allSatisfy(r -> assertThat(traceparent(r)).isNull());
    }
}
