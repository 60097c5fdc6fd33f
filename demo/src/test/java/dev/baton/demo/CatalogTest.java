package dev.baton.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CatalogTest {

    @Test
    void feedsEveryTypeAndEveryLearnTitleHasItsLesson() {
        final Catalog catalog = new Catalog(new Random(7));
        final Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            final String type = catalog.type();
            seen.merge(type, 1, Integer::sum);
            final String title = catalog.title(type);
            if (type.equals("learn")) {
                assertThat(Catalog.lesson(title).tags()).as(title).isNotEmpty().doesNotContain("notes");
            }
        }
        assertThat(seen).containsOnlyKeys(Catalog.TYPES);
        // build is the most common (30 of 100), docs and review the least (15 each)
        assertThat(seen.get("build")).isGreaterThan(seen.get("docs")).isGreaterThan(seen.get("docs") / 2);
    }

    @Test
    void prioritiesStayInRangeAndOutcomesExistForEveryType() {
        final Catalog catalog = new Catalog(new Random(7));
        for (int i = 0; i < 500; i++) {
            assertThat(catalog.priority()).isBetween(0, 9);
        }
        for (String type : Catalog.TYPES) {
            assertThat(Catalog.outcome(type, -3)).isNotBlank();
        }
    }
}
