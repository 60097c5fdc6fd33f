package dev.baton.writer.material;

import dev.baton.contracts.event.ItemEvent;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How the writer cuts the event stream into days and how much of a day it keeps.
 *
 * @param zone        the time zone in which a day starts and ends; also the zone of the raw log lines
 * @param maxLogLines the raw lifecycle lines kept per day: the latest ones by time
 * @param maxEntries  the entries kept per section (completions, failures, ...) per day: the latest
 *                    ones by time. A day's material is one store value and one changelog record,
 *                    so it must stay bounded whatever the agents report.
 */
public record MaterialSettings(ZoneId zone, int maxLogLines, int maxEntries) {

    public MaterialSettings {
        Objects.requireNonNull(zone, "zone");
        if (maxLogLines < 1) {
            throw new IllegalArgumentException("maxLogLines must be at least 1: " + maxLogLines);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
    }

    public static MaterialSettings defaults() {
        return new MaterialSettings(ZoneOffset.UTC, 500, 200);
    }

    /** The day an event belongs to: the date of its {@code at} in the configured zone. */
    public LocalDate dayOf(ItemEvent event) {
        return LocalDate.ofInstant(event.at(), zone);
    }
}
