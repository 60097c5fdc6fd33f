package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompactLogTest {

    @Test
    void aLineIsShownPrefixedWithItsProcessInAColumn() {
        assertThat(CompactLog.line("claim", "12:00:00 INFO backlog.claim id=1 status=claimed", false, false))
                .contains("[claim]   12:00:00 INFO backlog.claim id=1 status=claimed");
        assertThat(CompactLog.line("backlog-2", "x", false, false)).contains("[backlog-2] x");
    }

    @Test
    void whatOnlyTheFullLogNeedsIsLeftOut() {
        for (String line : new String[] {
            "",
            "   ",
            "\tat dev.baton.Foo.bar(Foo.java:1)",
            "\t... 12 more",
            "__  ____  __  _____   ___  __ ____  ______ ",
            " --/ __ \\/ / / / _ | / _ \\/ //_/ / / / __/ ",
            " -/ /_/ / /_/ / __ |/ , _/ ,< / /_/ /\\ \\   ",
            "--\\___\\_\\____/_/ |_/_/|_/_/|_|\\____/___/   ",
            "12:00 INFO [i.s.health] SRHCK01001: Reporting health down status: {}",
            ChildProcess.START_MARK + "1 of claim at 2026-01-01T00:00:00Z: java -jar x.jar"
        }) {
            assertThat(CompactLog.line("claim", line, false, false)).as(line).isEmpty();
        }
    }

    @Test
    void quietShowsOnlyErrors() {
        assertThat(CompactLog.line("claim", "12:00 INFO started", true, false)).isEmpty();
        assertThat(CompactLog.line("claim", "12:00 WARN slow", true, false)).isEmpty();
        assertThat(CompactLog.line("claim", "12:00 ERROR [x] broke", true, false))
                .isPresent();
        assertThat(CompactLog.line("demo", "agent=a status=failed", true, false))
                .isPresent();
        assertThat(CompactLog.line("kafka", "Caused by: java.io.IOException", true, false))
                .isPresent();
    }

    @Test
    void inColourErrorsAreRedAndWarningsYellow() {
        assertThat(CompactLog.line("claim", "12:00 ERROR [x] broke", false, true)
                        .orElseThrow())
                .contains(Terminal.RED + "12:00 ERROR [x] broke" + Terminal.RESET);
        assertThat(CompactLog.line("claim", "12:00 WARN [x] slow", false, true).orElseThrow())
                .contains(Terminal.YELLOW + "12:00 WARN [x] slow" + Terminal.RESET);
        assertThat(CompactLog.line("claim", "12:00 INFO fine", false, true).orElseThrow())
                .endsWith(Terminal.RESET + " 12:00 INFO fine");
    }
}
