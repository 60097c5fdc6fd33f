package dev.baton.claim.streams;

import dev.baton.contracts.limits.Text;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * What the engine's Streams client does with an exception that escapes the engine's processor
 * (KIP-1033). The processor answers or dead-letters every record it cannot apply and writes a
 * transition only once it has checked it, so what reaches here is rare (a dead letter that could
 * not be written, say); it is logged with where it came from and passed over ({@code CONTINUE})
 * rather than stopping the engine and meeting the same record again after a restart. Kafka
 * keeps a fenced producer's or a corrupted task's exceptions for itself; they never come here.
 */
public class ProcessingErrors implements ProcessingExceptionHandler {

    private static final Logger LOG = Logger.getLogger("backlog.claim");

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        final Object key = record == null ? null : record.key();
        LOG.errorf(
                "backlog.claim status=passed-over node=%s source=%s key=%s reason=\"%s\"",
                context == null ? "-" : context.processorNodeId(),
                ProductionErrors.source(context),
                key == null ? "-" : Text.inert(String.valueOf(key)),
                Text.inert(exception.toString()));
        return ProcessingHandlerResponse.CONTINUE;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}
