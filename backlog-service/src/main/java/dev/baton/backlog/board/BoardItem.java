package dev.baton.backlog.board;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.limits.Limits;
import java.time.Instant;
import java.util.List;

/**
 * One row of a board panel: what a person scans for (who holds it, until when, why it waits, how
 * it failed), without the payload or the result, and with long texts cut to
 * {@link Limits#BOARD_ROW_TEXT}, so a panel of rows stays small however large the items are. The
 * item's own view ({@code GET /items/{id}}) has everything.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BoardItem(
        String id,
        ItemState state,
        String type,
        String title,
        int priority,
        String owner,
        long epoch,
        Instant leaseUntil,
        int attempts,
        int maxAttempts,
        String why,
        String progress,
        String lastError,
        List<String> dependsOn,
        Instant updatedAt) {

    /** Dependencies a row names; the item's own view names them all. */
    static final int DEPENDENCIES_SHOWN = 10;

    static BoardItem of(Item item) {
        final List<String> dependsOn = item.spec().dependsOn();
        return new BoardItem(
                item.id(),
                item.state(),
                item.spec().type(),
                item.spec().title(),
                item.spec().priority(),
                item.owner(),
                item.epoch(),
                item.leaseUntil(),
                item.attempts(),
                item.spec().maxAttempts(),
                cut(item.why()),
                cut(item.progress()),
                cut(item.lastError()),
                dependsOn == null || dependsOn.isEmpty()
                        ? null
                        : dependsOn.subList(0, Math.min(DEPENDENCIES_SHOWN, dependsOn.size())),
                item.updatedAt());
    }

    /** At most {@link Limits#BOARD_ROW_TEXT} characters, never half a surrogate pair. */
    static String cut(String text) {
        if (text == null || text.length() <= Limits.BOARD_ROW_TEXT) {
            return text;
        }
        int end = Limits.BOARD_ROW_TEXT - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }
}
