package dev.baton.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code ./baton up} prints once everything answers: where each service is, and the stack's folders. */
public final class Banner {

    private Banner() {}

    /**
     * One service process in the banner: its name ({@code claim-service}), address, role, and the
     * extra addresses it serves beside its readiness check (the OpenAPI document, Swagger UI).
     */
    public record Entry(String name, URI url, String role, List<String> extraPaths) {
        public Entry {
            extraPaths = List.copyOf(extraPaths);
        }
    }

    /**
     * The banner's lines.
     *
     * @param demoSchedule the writer's schedule when the demo runs, else {@code null}
     */
    public static List<String> lines(
            List<Entry> services, String demoSchedule, String bootstrap, Path dataDir, Path logDir, Terminal terminal) {
        return lines(services, null, demoSchedule, bootstrap, dataDir, logDir, terminal);
    }

    /**
     * The banner's lines, with the board's address when the backlog-service runs.
     *
     * @param board the board's address that signs a browser in ({@link #board}), else {@code null}
     */
    public static List<String> lines(
            List<Entry> services,
            URI board,
            String demoSchedule,
            String bootstrap,
            Path dataDir,
            Path logDir,
            Terminal terminal) {
        final List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(terminal.paint(Terminal.GREEN + Terminal.BOLD, "Baton is up."));
        for (Entry service : services) {
            final String base = service.url().toString();
            lines.add(String.format(Locale.ROOT, "  %-17s %-24s %s", service.name(), base, "(" + service.role() + ")"));
            final StringBuilder extras = new StringBuilder(base + StackPlan.READINESS_PATH);
            for (String path : service.extraPaths()) {
                extras.append("  ").append(base).append(path);
            }
            lines.add(row("", extras.toString()));
        }
        if (board != null) {
            lines.add(row("board", board.toString()));
            lines.add(row("", "(opens signed in as an operator of this stack: keep the address to yourself)"));
        }
        if (demoSchedule != null) {
            lines.add(row("demo", "simulated agents and a trickle of work; devlog schedule " + demoSchedule));
        }
        lines.add(row("Kafka bootstrap", bootstrap));
        lines.add(row("data folder", dataDir.toString()));
        lines.add(row("logs", logDir + "/<name>.log"));
        lines.add("Press Ctrl-C to stop.");
        lines.add("");
        return lines;
    }

    /**
     * The board's address on a backlog-service, signed in by {@code token}: in the fragment, which
     * a browser never sends to a server; the page moves it out of the address bar at once.
     */
    public static URI board(URI backlog, String token) {
        return URI.create(backlog.resolve("/board/") + "#token=" + token);
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "  %-17s %s", label, value);
    }
}
