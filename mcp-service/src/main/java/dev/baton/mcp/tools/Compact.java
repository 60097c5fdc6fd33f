package dev.baton.mcp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.Grant;
import dev.baton.client.ItemEvent;
import dev.baton.client.ItemView;
import dev.baton.contracts.limits.Text;
import java.util.List;

/**
 * Results in as few tokens as say them: a line per fact, no field a model cannot use, user text
 * made inert (it stays text, whatever it holds).
 */
final class Compact {

    /** At most this much of a payload, a summary or notes goes into one answer. */
    static final int MAX_TEXT = 2_000;

    private Compact() {}

    static String grant(Grant grant) {
        final Grant.Work work = grant.item();
        final StringBuilder text = new StringBuilder();
        text.append("claimed ").append(grant.itemId());
        if (work != null) {
            text.append(": ").append(quote(work.title()));
            text.append("\ntype=")
                    .append(work.type())
                    .append(" priority=")
                    .append(work.priority())
                    .append(" attempt=")
                    .append(work.attempt());
            if (!work.labels().isEmpty()) {
                text.append(" labels=").append(String.join(",", work.labels()));
            }
            if (work.payload() != null) {
                text.append("\npayload: ").append(json(work.payload()));
            }
        }
        text.append("\nThis session holds the lease (renewed for you). Report with progress; finish with complete, "
                + "fail or release.");
        return text.toString();
    }

    static String item(ItemView item) {
        final StringBuilder text = new StringBuilder();
        text.append(item.id()).append(": ").append(quote(item.title()));
        text.append("\nstate=")
                .append(item.state())
                .append(" type=")
                .append(item.type())
                .append(" priority=")
                .append(item.priority())
                .append(" attempts=")
                .append(item.attempts())
                .append('/')
                .append(item.maxAttempts());
        if (item.owner() != null && item.state() != null && !item.state().terminal()) {
            text.append(" holder=").append(Text.inert(item.owner()));
            if (item.leaseUntil() != null) {
                text.append(" until ").append(Answers.clock(item.leaseUntil()));
            }
        }
        if (item.why() != null) {
            text.append("\nwhy: ").append(Text.inert(item.why()));
        }
        if (!item.dependsOn().isEmpty()) {
            text.append("\ndepends on: ").append(String.join(", ", item.dependsOn()));
        }
        if (!item.labels().isEmpty()) {
            text.append("\nlabels: ").append(String.join(", ", item.labels()));
        }
        if (item.progress() != null) {
            text.append("\nprogress: ").append(clip(item.progress()));
        }
        if (item.lastError() != null) {
            text.append("\nlast error: ").append(clip(item.lastError()));
        }
        if (item.result() != null && item.result().summary() != null) {
            text.append("\nresult: ").append(clip(item.result().summary()));
        }
        if (item.payload() != null) {
            text.append("\npayload: ").append(json(item.payload()));
        }
        return text.toString();
    }

    static String history(List<ItemEvent> events) {
        final StringBuilder text = new StringBuilder("history:");
        for (ItemEvent event : events) {
            text.append("\n- ");
            if (event.at() != null) {
                text.append(event.at()).append(' ');
            }
            text.append(event.event());
            if (event.agent() != null) {
                text.append(" by ").append(Text.inert(event.agent()));
            }
            if (event.epoch() != null) {
                text.append(" epoch=").append(event.epoch());
            }
            if (event.state() != null) {
                text.append(" -> ").append(event.state());
            }
        }
        return text.toString();
    }

    static String line(ItemView item) {
        return item.id() + " [" + item.type() + ", p" + item.priority() + "] " + quote(item.title());
    }

    static String quote(String value) {
        return value == null ? "\"\"" : "\"" + clip(value) + "\"";
    }

    /**
     * A payload as the JSON it is, on one line: the serializer escapes every control character, so
     * it needs no escaping of its own (which would cost a model a backslash per quote).
     */
    static String json(JsonNode payload) {
        final String text = payload.toString().replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "... (cut)";
    }

    static String clip(String value) {
        final String inert = Text.inert(value);
        return inert.length() <= MAX_TEXT ? inert : inert.substring(0, MAX_TEXT) + "... (cut)";
    }
}
