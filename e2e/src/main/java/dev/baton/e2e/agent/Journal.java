package dev.baton.e2e.agent;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an agent process did, one line per step, written before and after each call so that it
 * survives the agent's SIGKILL: every line goes to the operating system as it is written, with no
 * buffer in the process. The agent reads it back when it is started again (to finish what it
 * held), and the test reads it to know which calls were answered how.
 *
 * <pre>
 * claimed item=ITEM epoch=3 at=1795000000000
 * completed item=ITEM epoch=3 call=complete at=1795000001200
 * rejected item=ITEM epoch=3 call=complete reason=STALE_EPOCH at=1795000002400
 * </pre>
 *
 * {@code at} is the wall clock (milliseconds) when the line was written: the history checker
 * measures from it how long each fault left the agents unanswered.
 */
public final class Journal implements AutoCloseable {

    /** The kinds of line. */
    public enum Kind {
        /** A grant arrived; the agent holds the item from here. */
        CLAIMED,
        /** The agent stopped working and only heartbeats from here (a long task, to be killed in). */
        HOLDING,
        /** A completion was accepted. */
        COMPLETED,
        /** A call about a grant was refused: {@code call} says which, {@code reason} why. */
        REJECTED,
        /** A call got no answer within the client's retry deadline; its outcome is unknown. */
        UNANSWERED,
        /** After a restart: the agent found this grant open in its journal and tries to complete it. */
        RECOVERING
    }

    /**
     * One line. {@code call} and {@code reason} are null where the kind has none; {@code at} is
     * {@link Instant#EPOCH} for a line written without a time.
     */
    public record Entry(Kind kind, String item, long epoch, String call, String reason, Instant at) {

        public Entry(Kind kind, String item, long epoch, String call, String reason) {
            this(kind, item, epoch, call, reason, Instant.EPOCH);
        }

        /** The grant this line is about. */
        public GrantKey grant() {
            return new GrantKey(item, epoch);
        }
    }

    /** One grant: an item under one epoch. */
    public record GrantKey(String item, long epoch) {}

    private final FileOutputStream out;

    private Journal(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal " + file, e);
        }
    }

    /** Opens the journal for appending; creates it if it is new. */
    public static Journal open(Path file) {
        return new Journal(file);
    }

    public synchronized void write(Kind kind, String item, long epoch, String call, String reason) {
        final StringBuilder line = new StringBuilder(kind.name().toLowerCase(Locale.ROOT))
                .append(" item=")
                .append(item)
                .append(" epoch=")
                .append(epoch);
        if (call != null) {
            line.append(" call=").append(call);
        }
        if (reason != null) {
            line.append(" reason=").append(reason.replace(' ', '_'));
        }
        line.append(" at=").append(System.currentTimeMillis()).append('\n');
        try {
            // One write per line, straight to the file: nothing waits in this process for a flush.
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing left to keep
        }
    }

    /** Every complete line of a journal, oldest first; a missing journal is empty. */
    public static List<Entry> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file, e);
        }
        final List<Entry> entries = new ArrayList<>();
        // A line cut short by a kill has no newline yet: it is not an entry.
        final int end = text.lastIndexOf('\n');
        if (end < 0) {
            return entries;
        }
        for (String line : text.substring(0, end).split("\n")) {
            if (!line.isBlank()) {
                entries.add(parse(line));
            }
        }
        return entries;
    }

    /** Grants claimed and not ended in this journal: what the agent held when it stopped. */
    public static List<GrantKey> openGrants(List<Entry> entries) {
        final Map<GrantKey, Boolean> open = new LinkedHashMap<>();
        for (Entry entry : entries) {
            switch (entry.kind()) {
                case CLAIMED -> open.put(entry.grant(), true);
                case COMPLETED, REJECTED, UNANSWERED, RECOVERING -> open.remove(entry.grant());
                case HOLDING -> {
                    // still held
                }
            }
        }
        return List.copyOf(open.keySet());
    }

    private static Entry parse(String line) {
        final String[] parts = line.trim().split(" ");
        final Kind kind = Kind.valueOf(parts[0].toUpperCase(Locale.ROOT));
        final Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            final int eq = parts[i].indexOf('=');
            if (eq > 0) {
                fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return new Entry(
                kind,
                fields.get("item"),
                Long.parseLong(fields.getOrDefault("epoch", "0")),
                fields.get("call"),
                fields.get("reason"),
                Instant.ofEpochMilli(Long.parseLong(fields.getOrDefault("at", "0"))));
    }
}
