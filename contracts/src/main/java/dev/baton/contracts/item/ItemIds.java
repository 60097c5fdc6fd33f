package dev.baton.contracts.item;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Where item ids come from. A submission with an idempotency key names the item after the key,
 * so every repeat of it, from any service, names the same item; without a key the id is fresh.
 */
public final class ItemIds {

    private ItemIds() {}

    /** The item id for a submission: derived from the idempotency key when there is one. */
    public static String forKey(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes(("baton-item:" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
