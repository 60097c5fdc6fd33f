package dev.baton.backlog.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A list merged from every instance's part pages exactly as one instance holding everything pages it. */
class PageMergeTest {

    @Test
    void pagesMergedFromAnySplitOfThePartitionsAreThePagesOfOneInstance() {
        final Random random = new Random(13);
        for (int run = 0; run < 300; run++) {
            // given: items spread over instances, each holding some of them (some none)
            final int instances = 1 + random.nextInt(4);
            final List<TreeSet<String>> held = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                held.add(new TreeSet<>());
            }
            final TreeSet<String> all = new TreeSet<>();
            final int items = random.nextInt(40);
            for (int n = 0; n < items; n++) {
                final String id = Integer.toString(random.nextInt(1_000_000), 36);
                if (all.add(id)) {
                    held.get(random.nextInt(instances)).add(id);
                }
            }
            final int limit = 1 + random.nextInt(7);

            // when: the list is walked page by page, each page merged from every instance's part
            final List<List<String>> walked = new ArrayList<>();
            String cursor = null;
            do {
                final List<LocalReads.Part> parts = new ArrayList<>();
                for (TreeSet<String> ids : held) {
                    parts.add(part(ids, cursor, limit));
                }
                final ReadModel.Page page = ReadModel.Page.merge(parts, limit);
                walked.add(page.items().stream().map(Item::id).toList());
                cursor = page.nextCursor();
                if (cursor != null) {
                    assertThat(cursor)
                            .isEqualTo(page.items().get(page.items().size() - 1).id());
                }
            } while (cursor != null);

            // then: the pages of one instance holding everything, in order, the last one without a cursor
            final List<String> ordered = new ArrayList<>(all);
            final List<List<String>> expected = new ArrayList<>();
            for (int from = 0; from < ordered.size() || expected.isEmpty(); from += limit) {
                expected.add(ordered.subList(Math.min(from, ordered.size()), Math.min(ordered.size(), from + limit)));
            }
            assertThat(walked)
                    .as("run %d, %d instances, limit %d", run, instances, limit)
                    .isEqualTo(expected);
        }
    }

    /** An instance's part as {@link LocalReads#page} gives it: its first {@code limit} ids after the cursor. */
    private static LocalReads.Part part(TreeSet<String> ids, String cursor, int limit) {
        final List<Item> after = (cursor == null ? ids : ids.tailSet(cursor, false))
                .stream().limit(limit + 1L).map(PageMergeTest::item).toList();
        return after.size() > limit
                ? new LocalReads.Part(after.subList(0, limit), true)
                : new LocalReads.Part(after, false);
    }

    private static Item item(String id) {
        return new Item(
                id, null, ItemState.READY, 0, null, null, 0, null, null, null, null, null, null, null, null, null);
    }
}
