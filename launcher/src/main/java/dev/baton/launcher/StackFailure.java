package dev.baton.launcher;

import java.util.List;
import java.util.Locale;

/** A stack that could not start: a runnable not built, a process that ended, or one not ready in time. */
public final class StackFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int TAIL_LINES = 30;

    /** What went wrong. */
    public enum Kind {
        /** A runnable is not built: nothing of it could start. */
        NOT_BUILT,
        /** A process ended on its own while the stack started. */
        EXITED,
        /** Processes did not show they were ready within their timeout. */
        NOT_READY,
        /** The stop was asked for while the stack was starting. */
        CANCELLED
    }

    private final Kind kind;
    private final transient List<ChildProcess> processes;

    StackFailure(Kind kind, String message, List<ChildProcess> processes) {
        super(message + tails(processes));
        this.kind = kind;
        this.processes = List.copyOf(processes);
    }

    public Kind kind() {
        return kind;
    }

    /** The processes concerned: the one that ended, or those not ready. */
    public List<ChildProcess> processes() {
        return processes;
    }

    private static String tails(List<ChildProcess> processes) {
        final StringBuilder text = new StringBuilder();
        for (ChildProcess process : processes) {
            text.append(
                    String.format(Locale.ROOT, "%n--- last lines of %s:%n%s", process.log(), process.tail(TAIL_LINES)));
        }
        return text.toString();
    }
}
