package dev.baton.backlog.submit;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.json.Codec;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Turns accepted specs into {@code ItemSubmitted} records on {@code backlog-items}, the only
 * writer of that topic. An answer is given only once Kafka has acknowledged the record.
 */
@ApplicationScoped
public class Submissions {

    private static final Logger LOG = Logger.getLogger("backlog.submit");
    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);

    @Inject
    @Channel("items-out")
    MutinyEmitter<byte[]> items;

    Clock clock = Clock.systemUTC();

    /** The item id for a submission: derived from the idempotency key when there is one. */
    public static String itemId(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes(("baton-item:" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public Uni<ItemEvent.ItemSubmitted> submit(String itemId, ItemSpec spec, String idempotencyKey) {
        final ItemEvent.ItemSubmitted event = new ItemEvent.ItemSubmitted(itemId, Instant.now(clock), null, spec,
                idempotencyKey);
        final Message<byte[]> message = Message.of(EVENTS.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(itemId).build());
        return items.sendMessage(message)
                .invoke(() -> LOG.infof("backlog.submit id=%s type=%s priority=%d", itemId, spec.type(),
                        spec.priority()))
                .replaceWith(event);
    }
}
