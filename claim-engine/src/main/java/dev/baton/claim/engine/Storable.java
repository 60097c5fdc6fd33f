package dev.baton.claim.engine;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.reply.Rejection;
import java.util.List;

/**
 * Whether the outcome of a transition can be kept. The item's new state goes to the engine's
 * store, its changelog and the compacted {@code claims} topic, each event to {@code item-events}:
 * each must be one Kafka record. A transition whose records would not be is refused before
 * anything is written, and refused the same way each time it is tried, so a command replayed
 * after a restart cannot fail where it failed before.
 *
 * <p>The bound is {@link Limits#MAX_ITEM_STATE_BYTES}. The door's limits keep every item made
 * through it far below; what can pass it is an item an older build stored without those limits.
 * Such an item may still change in ways that do not make it larger (a cancel, a release), so an
 * operator can always end it.
 */
public final class Storable {

    private static final Codec<Item> ITEMS = Codec.of(Item.class);
    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);

    private Storable() {}

    /** The decision itself, or its refusal when what it would leave {@code before} in cannot be stored. */
    public static Decision bounded(Item before, Decision decision) {
        if (decision.rejected()) {
            return decision;
        }
        final Rejection tooLarge = check(before, decision.events());
        return tooLarge == null ? decision : Decision.reject(tooLarge);
    }

    /** {@code null} when the events and the state they leave {@code before} in can be stored; else why not. */
    public static Rejection check(Item before, List<ItemEvent> events) {
        if (events.isEmpty()) {
            return null;
        }
        final String itemId = events.get(0).itemId();
        try {
            final Item after = ItemEvolution.fold(before, events);
            final int bytes = size(after);
            if (bytes > Limits.MAX_ITEM_STATE_BYTES && (before == null || bytes > size(before))) {
                return Rejection.invalid(
                        itemId,
                        "the item's state would be " + bytes + " bytes, over the limit of "
                                + Limits.MAX_ITEM_STATE_BYTES + " bytes");
            }
            for (ItemEvent event : events) {
                final int eventBytes = EVENTS.encode(event).length;
                if (eventBytes > Limits.MAX_ITEM_STATE_BYTES) {
                    return Rejection.invalid(
                            itemId,
                            "the " + event.getClass().getSimpleName() + " event would be " + eventBytes
                                    + " bytes, over the limit of " + Limits.MAX_ITEM_STATE_BYTES + " bytes");
                }
            }
            return null;
        } catch (RuntimeException e) {
            // Jackson's own bounds (nesting, string length) or a value it cannot write.
            return Rejection.invalid(
                    itemId,
                    "the item's state cannot be encoded: " + e.getClass().getSimpleName());
        }
    }

    /** The item's state as the engine stores it, in bytes. */
    public static int size(Item item) {
        return ITEMS.encode(item).length;
    }
}
