package dev.baton.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class OneLineFormatTest {

    @Test
    void namesTheAgentWhoseWorkerThreadLogged() {
        assertThat(OneLineFormat.who("baton-worker-steady-1-0")).isEqualTo("steady-1");
        assertThat(OneLineFormat.who("baton-worker-slow-1-task")).isEqualTo("slow-1");
        assertThat(OneLineFormat.who("crashy-1")).isEqualTo("crashy-1");
    }

    @Test
    void writesOneLineWithTheServicesLevelNamesAndTheWorkersParameters() {
        final LogRecord record = new LogRecord(Level.WARNING, "baton.worker item={0} status=lease-lost epoch={1}");
        record.setParameters(new Object[] {"item-7", 3L});
        record.setInstant(Instant.parse("2026-01-02T03:04:05.678Z"));

        final String line = new OneLineFormat().format(record);

        assertThat(line)
                .endsWith("] baton.worker item=item-7 status=lease-lost epoch=3\n")
                .contains(" WARN  [")
                .hasLineCount(1);
        assertThat(OneLineFormat.level(Level.SEVERE)).isEqualTo("ERROR");
        assertThat(OneLineFormat.level(Level.INFO)).isEqualTo("INFO");
    }
}
