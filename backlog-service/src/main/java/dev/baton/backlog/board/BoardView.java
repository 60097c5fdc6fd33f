package dev.baton.backlog.board;

import dev.baton.backlog.readmodel.ItemFilter;
import dev.baton.backlog.readmodel.Rates;
import dev.baton.backlog.readmodel.ReadModel;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.limits.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The board's view of the read model. A live snapshot costs the counts (a few entries per type)
 * plus one page of each panel, read from the state index, so it costs the same at a hundred
 * items and at a million; and it is built at most once per {@link #FRESH} and filter whatever the
 * number of browsers watching.
 */
@ApplicationScoped
public class BoardView {

    /** The panels of the live view, in the order the board shows them. */
    static final List<ItemState> PANELS =
            List.of(ItemState.CLAIMED, ItemState.WAITING, ItemState.DEAD, ItemState.READY, ItemState.DONE);

    /** A snapshot younger than this is given again instead of read again. */
    static final Duration FRESH = Duration.ofMillis(500);

    @Inject
    ReadModel readModel;

    @Inject
    Rates rates;

    Clock clock = Clock.systemUTC();

    /** Snapshots kept by type filter (the empty string: every type); a few at a time. */
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** Filters kept at most: past this the kept snapshots are dropped and read again when asked. */
    static final int FILTERS_KEPT = 64;

    private record Snapshot(BoardNow now, long nanos) {}

    /** The live view, of every type or of one ({@code type} {@code null}: every type). */
    public BoardNow now(String type) {
        final String key = type == null ? "" : type;
        final long nanos = System.nanoTime();
        final Snapshot kept = snapshots.get(key);
        if (kept != null && nanos - kept.nanos() < FRESH.toNanos()) {
            return kept.now();
        }
        if (snapshots.size() >= FILTERS_KEPT) {
            snapshots.clear();
        }
        // Several viewers of one filter read it once: the first computes, the others take its answer.
        return snapshots
                .compute(
                        key,
                        (k, old) -> old != null && System.nanoTime() - old.nanos() < FRESH.toNanos()
                                ? old
                                : new Snapshot(read(type), System.nanoTime()))
                .now();
    }

    private BoardNow read(String type) {
        try {
            final ReadModel.Stats stats = readModel.stats();
            final Map<ItemState, BoardPage> panels = new EnumMap<>(ItemState.class);
            for (ItemState state : PANELS) {
                panels.put(state, page(state, type, null, Limits.BOARD_PAGE));
            }
            return new BoardNow(
                    clock.instant(),
                    null,
                    stats.byState(),
                    stats.byType(),
                    stats.oldestReadyAgeSeconds(),
                    stats.oldestReadyAgeSecondsByType(),
                    new BoardNow.Flow(
                            perSecond(rates.submissionsLastMinute()),
                            perSecond(rates.claimsLastMinute()),
                            perSecond(rates.completionsLastMinute()),
                            perSecond(rates.expiriesLastMinute())),
                    rates.agentsActiveLastMinute(),
                    panels);
        } catch (ReadModel.Unavailable e) {
            return BoardNow.unavailable(clock.instant(), e.getMessage());
        }
    }

    /** A page of one state's items (of one type, unless {@code null}) in id order, after {@code cursor}. */
    public BoardPage page(ItemState state, String type, String cursor, int limit) {
        final ReadModel.Page page = readModel.list(new ItemFilter(state, type, null, null), limit, cursor);
        return new BoardPage(page.items().stream().map(BoardItem::of).toList(), page.nextCursor());
    }

    private static double perSecond(long perMinute) {
        return Math.round(perMinute / 6.0) / 10.0;
    }
}
