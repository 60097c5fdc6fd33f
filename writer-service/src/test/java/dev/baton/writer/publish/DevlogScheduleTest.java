package dev.baton.writer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class DevlogScheduleTest {

    @Test
    void readsTheThreeFormsOfASchedule() {
        assertThat(DevlogSchedule.parse("23:50")).isEqualTo(new DevlogSchedule.Plan.Daily(LocalTime.of(23, 50)));
        assertThat(DevlogSchedule.parse("PT2M")).isEqualTo(new DevlogSchedule.Plan.Every(Duration.ofMinutes(2)));
        assertThat(DevlogSchedule.parse(" off ")).isEqualTo(new DevlogSchedule.Plan.Off());
    }

    @Test
    void aScheduleInNoKnownFormIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> DevlogSchedule.parse("nightly"))
                .hasMessageContaining("baton.writer.publish.schedule")
                .hasMessageContaining("nightly");
        assertThatThrownBy(() -> DevlogSchedule.parse("PT0S")).hasMessageContaining("positive");
    }

    @Test
    void theNextDailyRunIsLaterTodayOrElseTomorrowInTheWritersZone() {
        final ZoneId paris = ZoneId.of("Europe/Paris");
        final ZonedDateTime morning = ZonedDateTime.parse("2026-02-05T08:00:00Z");
        assertThat(DevlogSchedule.untilNext(LocalTime.of(23, 50), paris, morning))
                .isEqualTo(Duration.parse("PT14H50M"));
        final ZonedDateTime late = ZonedDateTime.parse("2026-02-05T23:00:00Z"); // 00:00 in Paris
        assertThat(DevlogSchedule.untilNext(LocalTime.of(23, 50), paris, late)).isEqualTo(Duration.parse("PT23H50M"));
        final ZonedDateTime exactly = ZonedDateTime.parse("2026-02-05T22:50:00Z"); // 23:50 in Paris
        assertThat(DevlogSchedule.untilNext(LocalTime.of(23, 50), paris, exactly))
                .isEqualTo(Duration.ofDays(1));
    }
}
