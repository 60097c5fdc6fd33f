package dev.baton.contracts.event;

import dev.baton.contracts.limits.Text;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one greppable line per lifecycle event, in the shape of the devlog's raw logs:
 * {@code backlog.claim id=42 status=claimed owner=a7 epoch=3}. The engine logs it; the writer
 * prints the day's lines with a timestamp in front.
 */
public final class LifecycleLine {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private LifecycleLine() {}

    /** The status word of an event. */
    public static String status(ItemEvent event) {
        if (event instanceof ItemEvent.ItemSubmitted) {
            return "submitted";
        } else if (event instanceof ItemEvent.ItemBecameReady) {
            return "ready";
        } else if (event instanceof ItemEvent.ItemClaimed) {
            return "claimed";
        } else if (event instanceof ItemEvent.LeaseRenewed) {
            return "renewed";
        } else if (event instanceof ItemEvent.ItemCompleted) {
            return "completed";
        } else if (event instanceof ItemEvent.ItemFailed) {
            return "failed";
        } else if (event instanceof ItemEvent.ItemReleased) {
            return "released";
        } else if (event instanceof ItemEvent.LeaseExpired) {
            return "expired";
        } else if (event instanceof ItemEvent.ItemDeadLettered) {
            return "dead";
        } else if (event instanceof ItemEvent.ItemCancelled) {
            return "cancelled";
        } else if (event instanceof ItemEvent.DependencySettled) {
            return "dependency";
        } else {
            return "redriven";
        }
    }

    /**
     * {@code backlog.claim id=.. status=.. [owner=.. epoch=..]}. Ids and names are written inert
     * ({@link Text#inert}): whatever a record holds, one event stays one line.
     */
    public static String of(ItemEvent event) {
        final StringBuilder line = new StringBuilder("backlog.claim id=")
                .append(Text.inert(event.itemId()))
                .append(" status=")
                .append(status(event));
        if (event instanceof ItemEvent.ItemClaimed e) {
            holder(line, e.agent(), e.epoch());
        } else if (event instanceof ItemEvent.LeaseRenewed e) {
            holder(line, e.agent(), e.epoch());
        } else if (event instanceof ItemEvent.ItemCompleted e) {
            holder(line, e.agent(), e.epoch());
        } else if (event instanceof ItemEvent.ItemReleased e) {
            holder(line, e.agent(), e.epoch());
        } else if (event instanceof ItemEvent.ItemFailed e) {
            holder(line, e.agent(), e.epoch()).append(" attempts=").append(e.attempts());
        } else if (event instanceof ItemEvent.LeaseExpired e) {
            holder(line, e.agent(), e.epoch()).append(" attempts=").append(e.attempts());
        } else if (event instanceof ItemEvent.ItemDeadLettered e) {
            line.append(" attempts=").append(e.attempts());
        } else if (event instanceof ItemEvent.DependencySettled e) {
            line.append(" on=")
                    .append(Text.inert(e.dependencyId()))
                    .append(" outcome=")
                    .append(e.outcome());
        }
        return line.toString();
    }

    private static StringBuilder holder(StringBuilder line, String agent, long epoch) {
        return line.append(" owner=")
                .append(Text.inert(agent))
                .append(" epoch=")
                .append(epoch);
    }

    /** {@code 2026-02-05 09:12:07 INFO backlog.claim id=42 status=claimed owner=a7 epoch=3}, in the given zone. */
    public static String stamped(ItemEvent event, ZoneId zone) {
        final String level = event instanceof ItemEvent.ItemFailed
                        || event instanceof ItemEvent.LeaseExpired
                        || event instanceof ItemEvent.ItemDeadLettered
                ? "WARN"
                : "INFO";
        return STAMP.format(event.at().atZone(zone)) + " " + level + " " + of(event);
    }
}
