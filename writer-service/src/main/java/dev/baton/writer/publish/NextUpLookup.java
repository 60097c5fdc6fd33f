package dev.baton.writer.publish;

import dev.baton.client.BatonClient;
import dev.baton.client.BatonException;
import dev.baton.client.ItemPage;
import dev.baton.client.ItemQuery;
import dev.baton.client.ItemState;
import dev.baton.client.ItemView;
import dev.baton.client.RetryPolicy;
import dev.baton.writer.material.DevlogItems;
import dev.baton.writer.render.NextUp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The most urgent items still ready, for a post's closing line: asked of the backlog service's
 * read model ({@code GET /items?state=READY}), highest priority first, then oldest. Devlog items
 * are left out. The closing line is a courtesy: when the backlog service does not answer, the
 * post is written without it, at once (the call is not retried).
 */
public final class NextUpLookup {

    private static final Logger LOG = Logger.getLogger("writer.next-up");
    private static final int PAGE = 500;
    private static final int MAX_PAGES = 4;

    private final BatonClient client;
    private final int count;

    public NextUpLookup(BatonClient client, int count) {
        this.client = client.withRetry(RetryPolicy.none());
        this.count = count;
    }

    public List<NextUp> mostUrgent() {
        if (count <= 0) {
            return List.of();
        }
        final List<ItemView> ready = new ArrayList<>();
        String cursor = null;
        try {
            for (int page = 0; page < MAX_PAGES; page++) {
                final ItemPage items = client.items(
                        ItemQuery.all().state(ItemState.READY).limit(PAGE).cursor(cursor));
                items.items().stream()
                        .filter(item -> !DevlogItems.TYPE.equals(item.type()))
                        .forEach(ready::add);
                cursor = items.nextCursor();
                if (cursor == null) {
                    break;
                }
            }
        } catch (BatonException e) {
            LOG.warnf("writer.next-up status=unavailable backlog=%s reason=%s", client.backlogUri(), e.getMessage());
            return List.of();
        } catch (RuntimeException e) {
            LOG.warnf("writer.next-up status=unreadable backlog=%s reason=%s", client.backlogUri(), e.toString());
            return List.of();
        }
        return ready.stream()
                .sorted(Comparator.comparingInt((ItemView item) -> -item.priority())
                        .thenComparing(ItemView::submittedAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder())))
                .limit(count)
                .map(item -> new NextUp(item.id(), item.title(), item.priority()))
                .toList();
    }
}
