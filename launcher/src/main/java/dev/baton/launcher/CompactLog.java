package dev.baton.launcher;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The compact form of a process's log on the terminal: each line prefixed with the process's name,
 * without what only the full log needs (blank lines, stack frames, the Quarkus ASCII banner, the
 * "health down" line SmallRye logs for each readiness probe while a service starts, the launcher's
 * own start marks). Under {@code --quiet} only errors are shown. In colour, errors are red and
 * warnings yellow.
 */
public final class CompactLog {

    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at .*");
    private static final Pattern MORE_FRAMES = Pattern.compile("^\\s+\\.\\.\\. [0-9]+ more.*");
    private static final List<String> QUARKUS_BANNER = List.of("__  ____  __", " --/ __ ", " -/ /_/ ", "--\\___");
    private static final String HEALTH_DOWN = "SRHCK01001: Reporting health down status";
    private static final Pattern ERROR = Pattern.compile(" (ERROR|FATAL) |status=failed|^Exception|^Caused by|^Error");
    private static final String WARNING = " WARN ";
    private static final int PREFIX_WIDTH = 9;

    private CompactLog() {}

    /** The line as the view shows it, or empty when the view leaves it out. */
    public static Optional<String> line(String name, String raw, boolean quiet, boolean colour) {
        if (raw.isBlank()
                || raw.contains(HEALTH_DOWN)
                || raw.startsWith(ChildProcess.START_MARK)
                || STACK_FRAME.matcher(raw).matches()
                || MORE_FRAMES.matcher(raw).matches()
                || QUARKUS_BANNER.stream().anyMatch(raw::startsWith)) {
            return Optional.empty();
        }
        final boolean error = ERROR.matcher(raw).find();
        if (quiet && !error) {
            return Optional.empty();
        }
        String text = raw;
        if (colour && error) {
            text = Terminal.RED + raw + Terminal.RESET;
        } else if (colour && raw.contains(WARNING)) {
            text = Terminal.YELLOW + raw + Terminal.RESET;
        }
        return Optional.of(prefix(name, colour) + " " + text);
    }

    /** {@code [claim]  } padded to a column, in the process's colour. */
    static String prefix(String name, boolean colour) {
        final String tag = String.format(Locale.ROOT, "%-" + PREFIX_WIDTH + "s", "[" + name + "]");
        return colour ? colourOf(name) + tag + Terminal.RESET : tag;
    }

    /** One colour per kind of process; the replicas of a service share it. */
    private static String colourOf(String name) {
        final String kind = name.replaceFirst("-[0-9]+$", "");
        return switch (kind) {
            case "kafka" -> "\033[35m";
            case "backlog" -> "\033[36m";
            case "claim" -> "\033[34m";
            case "writer" -> "\033[32m";
            case "mcp" -> "\033[33m";
            case "demo" -> "\033[93m";
            default -> "\033[2m";
        };
    }
}
