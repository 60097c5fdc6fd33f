package dev.baton.claim.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The engine's Streams-level nets: which refusals pass a record over and which stay Kafka's to handle. */
class StreamsErrorHandlersTest {

    /** Where Kafka says the failing record came from; the handlers only read it. */
    private record Source(String topic, int partition, long offset) implements ErrorHandlerContext {
        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "claim-engine";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, partition);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    }

    private static final Source SOURCE = new Source("claim-requests", 3, 42);
    private static final ProducerRecord<byte[], byte[]> ANSWER =
            new ProducerRecord<>("claim-replies", "req\nbacklog.claim id=FAKE".getBytes(UTF_8), new byte[2_000_000]);

    private final ProductionErrors production = new ProductionErrors();

    @Test
    void aRecordTheBrokerRefusesForItsSizeIsPassedOver() {
        assertThat(production.handle(SOURCE, ANSWER, new RecordTooLargeException("too large")))
                .isEqualTo(ProductionExceptionHandlerResponse.CONTINUE);
    }

    @Test
    void aRecordThatCannotBeSerializedIsPassedOver() {
        assertThat(production.handleSerializationException(
                        SOURCE, ANSWER, new SerializationException("cannot write"), SerializationExceptionOrigin.VALUE))
                .isEqualTo(ProductionExceptionHandlerResponse.CONTINUE);
    }

    @Test
    void otherProductionErrorsStayKafkasDefault() {
        assertThat(production.handle(SOURCE, ANSWER, new TimeoutException("slow broker")))
                .isEqualTo(ProductionExceptionHandlerResponse.RETRY);
        assertThat(production.handle(SOURCE, ANSWER, new InvalidTopicException("no such topic")))
                .isEqualTo(ProductionExceptionHandlerResponse.FAIL);
    }

    @Test
    void anExceptionEscapingTheProcessorIsLoggedAndTheRecordPassedOver() {
        final ProcessingHandlerResponse response = new ProcessingErrors()
                .handle(SOURCE, new Record<>("a\u0000b", "value", 0L), new IllegalStateException("line one\nline two"));

        assertThat(response).isEqualTo(ProcessingHandlerResponse.CONTINUE);
    }

    @Test
    void aKeyIsLoggedAsOneInertLine() {
        assertThat(ProductionErrors.key(ANSWER.key())).isEqualTo("req\\nbacklog.claim id=FAKE");
        assertThat(ProductionErrors.key(null)).isEqualTo("-");
        assertThat(ProductionErrors.source(SOURCE)).isEqualTo("claim-requests/3@42");
    }
}
