package dev.baton.writer.material;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The writer's own work items. A devlog item has type {@value #TYPE} and names the day it writes
 * in a label {@code devlog-date:YYYY-MM-DD}. Its events are material for the day after that one,
 * so writing a day's post never changes the material of the day it writes.
 */
public final class DevlogItems {

    public static final String TYPE = "devlog";
    public static final String DATE_LABEL = "devlog-date:";

    private DevlogItems() {}

    public static List<String> labels(LocalDate day) {
        return List.of(TYPE, DATE_LABEL + day);
    }

    /** The day a devlog item writes, from its type and labels; {@code null} for any other item. */
    public static LocalDate writes(String type, List<String> labels) {
        if (!TYPE.equals(type) || labels == null) {
            return null;
        }
        for (final String label : labels) {
            if (label != null && label.startsWith(DATE_LABEL)) {
                try {
                    return LocalDate.parse(label.substring(DATE_LABEL.length()));
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The day an event of an item belongs to, given the day the event happened. */
    public static LocalDate materialDay(LocalDate happened, LocalDate writes) {
        if (writes == null) {
            return happened;
        }
        final LocalDate after = writes.plusDays(1);
        return happened.isBefore(after) ? after : happened;
    }
}
