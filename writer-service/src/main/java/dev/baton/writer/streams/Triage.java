package dev.baton.writer.streams;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;

/**
 * Decides which records of {@code item-events} the writer can use. The codec already turns
 * unreadable bytes into {@link Decoded.Failed}; this adds what the codec lets through but a day
 * cannot be cut from: no value at all, no item id, no time.
 */
final class Triage {

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);

    private Triage() {}

    static Decoded<ItemEvent> check(Decoded<ItemEvent> decoded) {
        if (decoded == null) {
            return new Decoded.Failed<>("no value: item-events carries no tombstones", null);
        }
        if (decoded instanceof Decoded.Ok<ItemEvent> ok) {
            final ItemEvent event = ok.value();
            if (event.itemId() == null || event.itemId().isBlank()) {
                return incomplete(event, "itemId");
            }
            if (event.at() == null) {
                return incomplete(event, "at");
            }
        }
        return decoded;
    }

    // The original bytes are gone once the serde has read them; the re-encoded event carries the
    // same fields, which is what an operator needs to see why it was refused.
    private static Decoded<ItemEvent> incomplete(ItemEvent event, String field) {
        return new Decoded.Failed<>(
                "invalid " + event.getClass().getSimpleName() + ": " + field + " is missing", EVENTS.encode(event));
    }
}
