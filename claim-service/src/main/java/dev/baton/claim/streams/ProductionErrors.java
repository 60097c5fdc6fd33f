package dev.baton.claim.streams;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.baton.contracts.limits.Text;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What the engine's Streams client does when a record it writes is refused: one the broker
 * will not take for its size, or one that cannot be serialized, is logged with its topic and
 * key and passed over ({@code CONTINUE}, Kafka 4.1's word for resume), so one record cannot
 * stop the engine; anything else is Kafka's default (retry what is retriable, else fail).
 *
 * <p>This is the last net, not the guard. Under exactly-once a send the broker refuses still
 * aborts the transaction it belongs to and the input is read again, so no handler can skip such
 * a record; that is why the engine bounds every record it writes below the broker's default
 * limit before writing it (see {@code Storable} and the processor). Should a broker or topic be
 * configured below Baton's limits, this says which topic refused what, and at-least-once goes on.
 */
public class ProductionErrors implements ProductionExceptionHandler {

    private static final Logger LOG = Logger.getLogger("backlog.claim");
    private static final ProductionExceptionHandler DEFAULT = new DefaultProductionExceptionHandler();

    @Override
    public ProductionExceptionHandlerResponse handle(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException) {
            LOG.errorf(
                    "backlog.claim status=not-written topic=%s key=%s bytes=%d reason=\"%s\" source=%s",
                    record.topic(),
                    key(record.key()),
                    record.value() == null ? 0 : record.value().length,
                    Text.inert(exception.toString()),
                    source(context));
            return ProductionExceptionHandlerResponse.CONTINUE;
        }
        return DEFAULT.handle(context, record, exception);
    }

    @Override
    public ProductionExceptionHandlerResponse handleSerializationException(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        LOG.errorf(
                "backlog.claim status=not-serialized topic=%s part=%s reason=\"%s\" source=%s",
                record.topic(), origin, Text.inert(exception.toString()), source(context));
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }

    static String key(byte[] key) {
        if (key == null) {
            return "-";
        }
        final String text = new String(key, UTF_8);
        return Text.inert(text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }

    /** The input record being processed when it happened, if any. */
    static String source(ErrorHandlerContext context) {
        return context == null || context.topic() == null
                ? "-"
                : context.topic() + "/" + context.partition() + "@" + context.offset();
    }
}
