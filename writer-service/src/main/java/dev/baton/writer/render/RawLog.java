package dev.baton.writer.render;

import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.DayMaterial.LogLine;
import dev.baton.writer.material.Tally;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw lines a post shows. A day of at most {@link PostBounds#LOG_LINES} lines shows them all;
 * a busier day shows only its notable lines (failures, expiries, dead items; the latest
 * {@link PostBounds#LOG_LINES}) and says how many lines it left out, by status. Fencing refusals
 * never reach {@code item-events}, so no line of the day can show one.
 *
 * @param lines   the lines shown, in time order, as the material holds them (not yet made inert)
 * @param leftOut one sentence on what was left out, or empty when nothing was
 */
record RawLog(List<String> lines, String leftOut) {

    private static final Pattern STATUS = Pattern.compile(" status=(\\w+)");

    static RawLog of(DayMaterial day) {
        final Tally tally = day.counts();
        final long total = Math.max(tally.events(), day.log().size());
        if (total <= PostBounds.LOG_LINES && day.log().size() == total) {
            return new RawLog(day.log().stream().map(LogLine::line).toList(), "");
        }
        final List<String> notable = (day.notable().isEmpty()
                        ? day.log().stream()
                                .filter(l -> DayMaterial.isNotable(status(l.line())))
                                .toList()
                        : day.notable())
                .stream().map(LogLine::line).toList();
        final List<String> shown = notable.subList(Math.max(0, notable.size() - PostBounds.LOG_LINES), notable.size());
        final long notableTotal =
                Math.max(notable.size(), tally.count("failed") + tally.count("expired") + tally.count("dead"));
        final long ordinary = Math.max(0, total - notableTotal);
        final List<String> byStatus = tally.statuses().entrySet().stream()
                .filter(e -> !DayMaterial.isNotable(e.getKey()) && e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> TemplateDevlogGenerator.number(e.getValue()) + " " + e.getKey())
                .toList();
        final StringBuilder s = new StringBuilder();
        s.append(TemplateDevlogGenerator.count(ordinary, "ordinary line", "ordinary lines"))
                .append(" left out");
        s.append(byStatus.isEmpty() ? "." : ": " + TemplateDevlogGenerator.and(byStatus) + ".");
        final long olderNotable = notableTotal - shown.size();
        if (olderNotable > 0) {
            s.append(" Also left out: ")
                    .append(TemplateDevlogGenerator.count(olderNotable, "older notable line", "older notable lines"))
                    .append('.');
        }
        return new RawLog(List.copyOf(shown), s.toString());
    }

    private static String status(String line) {
        final Matcher m = STATUS.matcher(line);
        return m.find() ? m.group(1) : "";
    }
}
