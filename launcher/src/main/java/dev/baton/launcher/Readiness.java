package dev.baton.launcher;

import java.net.URI;
import java.time.Duration;

/** How the supervisor knows a process it started is ready, and how long it waits for that. */
public sealed interface Readiness {

    Duration timeout();

    /** Ready once the process has written this fragment to its log since its latest start. */
    record LogLine(String fragment, Duration timeout) implements Readiness {}

    /** Ready once a GET of this address answers 200. */
    record HttpOk(URI url, Duration timeout) implements Readiness {}

    /** Ready as soon as it runs: nothing waits for it. */
    record Started() implements Readiness {
        @Override
        public Duration timeout() {
            return Duration.ZERO;
        }
    }
}
