package dev.baton.contracts.limits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bounds of {@link Limits} applied to typed values: an item's spec, an agent's result, a
 * command's fields. The HTTP edges and the Kafka ingest call these after reading JSON; the claim
 * engine calls them again on every record it is given, so a record written around the door
 * (an old build, a hand-made record) is refused with the same words instead of being stored.
 * Each method returns every violation, with the field named as the HTTP API names it.
 */
public final class Rules {

    private Rules() {}

    /** Violations of an item spec; {@code itemId} (may be {@code null}) catches an item that depends on itself. */
    public static List<Violation> spec(ItemSpec spec, String itemId, Instant now) {
        final List<Violation> out = new ArrayList<>();
        pattern(out, "type", spec.type(), Limits.TYPE, Limits.TYPE_RULE, true);
        oneLine(out, "title", spec.title(), Limits.MAX_TITLE, true);
        payload(out, "payload", spec.payload());
        if (spec.priority() < Limits.MIN_PRIORITY || spec.priority() > Limits.MAX_PRIORITY) {
            out.add(new Violation(
                    "priority", "must be between " + Limits.MIN_PRIORITY + " and " + Limits.MAX_PRIORITY));
        }
        words(out, "labels", spec.labels(), Limits.MAX_LABELS, Limits.MAX_LABEL);
        if (spec.maxAttempts() < 1 || spec.maxAttempts() > Limits.MAX_ATTEMPTS) {
            out.add(new Violation("maxAttempts", "must be between 1 and " + Limits.MAX_ATTEMPTS));
        }
        lease(out, "leaseSeconds", spec.leaseSeconds());
        notBefore(out, "notBefore", spec.notBefore(), now);
        if (spec.dependsOn().size() > Limits.MAX_DEPENDENCIES) {
            out.add(new Violation("dependsOn", "must have at most " + Limits.MAX_DEPENDENCIES + " entries"));
        } else {
            for (int i = 0; i < spec.dependsOn().size(); i++) {
                final String dependency = spec.dependsOn().get(i);
                pattern(out, "dependsOn[" + i + "]", dependency, Limits.ITEM_ID, Limits.ITEM_ID_RULE, true);
                if (dependency != null && dependency.equals(itemId)) {
                    out.add(new Violation("dependsOn[" + i + "]", "must not be the item itself"));
                }
                if (dependency != null && spec.dependsOn().subList(0, i).contains(dependency)) {
                    out.add(new Violation("dependsOn[" + i + "]", "is named twice"));
                }
            }
        }
        return out;
    }

    /** Violations of a result an agent completes with; fields are named under {@code prefix} ({@code result.}). */
    public static List<Violation> result(Result result, String prefix) {
        final List<Violation> out = new ArrayList<>();
        if (result == null) {
            return out;
        }
        text(out, prefix + "summary", result.summary(), Limits.MAX_SUMMARY);
        text(out, prefix + "notes", result.notes(), Limits.MAX_NOTES);
        words(out, prefix + "tags", result.tags(), Limits.MAX_TAGS, Limits.MAX_TAG);
        if (result.logs().size() > Limits.MAX_LOG_LINES) {
            out.add(new Violation(prefix + "logs", "must have at most " + Limits.MAX_LOG_LINES + " lines"));
        } else {
            for (int i = 0; i < result.logs().size(); i++) {
                text(out, prefix + "logs[" + i + "]", result.logs().get(i), Limits.MAX_LOG_LINE);
            }
        }
        if (out.isEmpty()) {
            final int bytes = encodedSize(result);
            if (bytes > Limits.MAX_RESULT_BYTES) {
                out.add(new Violation(
                        prefix.isEmpty() ? "$" : prefix.substring(0, prefix.length() - 1),
                        "must be at most " + Limits.MAX_RESULT_BYTES + " bytes of JSON in all (is " + bytes + ")"));
            }
        }
        return out;
    }

    /**
     * Violations of a command's own fields (the item it names, the agent, request id, texts,
     * lease). Of a {@link Command.Batch}, its own: its request id and how many parts it has; each
     * part is judged on its own by this method, so one part's fault is that part's answer alone.
     */
    public static List<Violation> command(Command command) {
        final List<Violation> out = new ArrayList<>();
        pattern(
                out,
                "requestId",
                command.requestId(),
                Limits.REQUEST_ID_PATTERN_FOR_COMMANDS,
                "must be 1 to " + Limits.MAX_COMMAND_REQUEST_ID + " printable ASCII characters without spaces",
                true);
        if (command.itemId() != null || !(command instanceof Command.ClaimNext || command instanceof Command.Batch)) {
            pattern(out, "itemId", command.itemId(), Limits.ITEM_ID, Limits.ITEM_ID_RULE, true);
        }
        if (command instanceof Command.ClaimItem c) {
            agent(out, c.agent());
            lease(out, "leaseSeconds", c.leaseSeconds());
        } else if (command instanceof Command.ClaimNext c) {
            agent(out, c.agent());
            lease(out, "leaseSeconds", c.leaseSeconds());
            if (c.max() < 1 || c.max() > Limits.MAX_CLAIM_BATCH) {
                out.add(new Violation("max", "must be between 1 and " + Limits.MAX_CLAIM_BATCH));
            }
            if (c.types().size() > Limits.MAX_TYPES_ASKED) {
                out.add(new Violation("types", "must have at most " + Limits.MAX_TYPES_ASKED + " entries"));
            } else {
                for (int i = 0; i < c.types().size(); i++) {
                    pattern(out, "types[" + i + "]", c.types().get(i), Limits.TYPE, Limits.TYPE_RULE, true);
                }
            }
        } else if (command instanceof Command.HolderCommand c) {
            agent(out, c.agent());
            holderFields(out, c);
        } else if (command instanceof Command.Batch c) {
            holderBatch(out, "parts", c.parts().size());
            for (int i = 0; i < c.parts().size(); i++) {
                if (c.parts().get(i) == null) {
                    out.add(new Violation("parts[" + i + "]", "is required"));
                }
            }
        } else if (command instanceof Command.CancelItem c) {
            text(out, "reason", c.reason(), Limits.MAX_REASON);
        } else if (command instanceof Command.WatchDependency c) {
            pattern(out, "dependentId", c.dependentId(), Limits.ITEM_ID, Limits.ITEM_ID_RULE, true);
        } else if (command instanceof Command.SettleDependency c) {
            pattern(out, "dependencyId", c.dependencyId(), Limits.ITEM_ID, Limits.ITEM_ID_RULE, true);
            if (c.outcome() == null || !c.outcome().terminal()) {
                out.add(new Violation("outcome", "must be DONE, DEAD or CANCELLED"));
            }
        }
        return out;
    }

    /**
     * Violations of one item of a holder's batch call, as the call names them: the item and the
     * fields of its own, bounded as in the single call. The agent and the request id are the
     * call's, judged with it; the engine judges each part whole again with {@link #command}.
     */
    public static List<Violation> part(Command.HolderCommand part) {
        final List<Violation> out = new ArrayList<>();
        pattern(out, "itemId", part.itemId(), Limits.ITEM_ID, Limits.ITEM_ID_RULE, true);
        holderFields(out, part);
        return out;
    }

    /** The fields a holder's command has beyond the item, its agent and its epoch. */
    private static void holderFields(List<Violation> out, Command.HolderCommand command) {
        if (command instanceof Command.RenewLease c) {
            lease(out, "leaseSeconds", c.leaseSeconds());
            text(out, "progress", c.progress(), Limits.MAX_PROGRESS);
        } else if (command instanceof Command.CompleteItem c) {
            out.addAll(result(c.result(), "result."));
        } else if (command instanceof Command.FailItem c) {
            text(out, "error", c.error(), Limits.MAX_ERROR);
        } else if (command instanceof Command.ReleaseItem c) {
            text(out, "reason", c.reason(), Limits.MAX_REASON);
        }
    }

    /** The number of items of one batch of a holder's calls: {@link Limits#MAX_CLAIM_BATCH} at most, and one at least. */
    public static void holderBatch(List<Violation> out, String field, int items) {
        if (items == 0 || items > Limits.MAX_CLAIM_BATCH) {
            out.add(new Violation(field, "must hold between 1 and " + Limits.MAX_CLAIM_BATCH + " items"));
        }
    }

    /** The number of items of one batch submission: {@link Limits#MAX_SUBMIT_BATCH} at most, and one at least. */
    public static void batch(List<Violation> out, String field, int items) {
        if (items == 0 || items > Limits.MAX_SUBMIT_BATCH) {
            out.add(new Violation(field, "must hold between 1 and " + Limits.MAX_SUBMIT_BATCH + " items"));
        }
    }

    /** An item id (in a path, a dependency): required, {@link Limits#ITEM_ID}. */
    public static void itemId(List<Violation> out, String field, String value) {
        pattern(out, field, value, Limits.ITEM_ID, Limits.ITEM_ID_RULE, true);
    }

    /** A caller's request id or {@code Idempotency-Key}, when there is one: {@link Limits#REQUEST_ID}. */
    public static void requestId(List<Violation> out, String field, String value) {
        pattern(out, field, value, Limits.REQUEST_ID, Limits.REQUEST_ID_RULE, false);
    }

    /** A number within bounds, when there is one. */
    public static void between(List<Violation> out, String field, Long value, long min, long max) {
        if (value != null && (value < min || value > max)) {
            out.add(new Violation(
                    field,
                    max == Long.MAX_VALUE ? "must be at least " + min : "must be between " + min + " and " + max));
        }
    }

    public static void between(List<Violation> out, String field, Integer value, int min, int max) {
        between(out, field, value == null ? null : value.longValue(), min, max);
    }

    public static void agent(List<Violation> out, String agent) {
        pattern(out, "agent", agent, Limits.AGENT, Limits.AGENT_RULE, true);
    }

    public static void lease(List<Violation> out, String field, Integer seconds) {
        if (seconds != null && (seconds < 1 || seconds > Limits.MAX_LEASE_SECONDS)) {
            out.add(new Violation(field, "must be between 1 and " + Limits.MAX_LEASE_SECONDS));
        }
    }

    public static void notBefore(List<Violation> out, String field, Instant notBefore, Instant now) {
        if (notBefore == null) {
            return;
        }
        final Instant latest = now.plus(Limits.MAX_NOT_BEFORE_AHEAD);
        if (notBefore.isBefore(Limits.MIN_TIME) || notBefore.isAfter(latest)) {
            out.add(new Violation(
                    field,
                    "must be between " + Limits.MIN_TIME + " and " + Limits.MAX_NOT_BEFORE_AHEAD.toDays()
                            + " days from now"));
        }
    }

    /** A value that must match a pattern (ids, types, agents). */
    public static void pattern(
            List<Violation> out, String field, String value, Pattern pattern, String rule, boolean required) {
        if (value == null) {
            if (required) {
                out.add(new Violation(field, "is required"));
            }
            return;
        }
        if (!pattern.matcher(value).matches()) {
            out.add(new Violation(field, rule));
        }
    }

    /** A one-line text: no control characters, something visible, at most {@code max} characters. */
    public static void oneLine(List<Violation> out, String field, String value, int max, boolean required) {
        if (value == null) {
            if (required) {
                out.add(new Violation(field, "is required"));
            }
            return;
        }
        if (value.length() > max) {
            out.add(new Violation(field, "must be at most " + max + " characters"));
            return;
        }
        final String problem = Text.problem(value, true);
        if (problem != null) {
            out.add(new Violation(field, problem));
        }
    }

    /** A free text (may span lines): well-formed, no NUL, at most {@code max} characters; optional. */
    public static void text(List<Violation> out, String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            out.add(new Violation(field, "must be at most " + max + " characters"));
            return;
        }
        final String problem = Text.problem(value, false);
        if (problem != null) {
            out.add(new Violation(field, problem));
        }
    }

    /** A list of short one-line words (labels, tags). */
    public static void words(List<Violation> out, String field, List<String> values, int maxCount, int maxLength) {
        if (values.size() > maxCount) {
            out.add(new Violation(field, "must have at most " + maxCount + " entries"));
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            oneLine(out, field + "[" + i + "]", values.get(i), maxLength, true);
        }
    }

    /**
     * A payload: any JSON, at most {@link Limits#MAX_PAYLOAD_BYTES} encoded and
     * {@link Limits#MAX_PAYLOAD_DEPTH} deep, its strings well-formed and its numbers finite.
     */
    public static void payload(List<Violation> out, String field, JsonNode payload) {
        if (payload == null || payload.isNull()) {
            return;
        }
        final String bad = walk(payload, 1);
        if (bad != null) {
            out.add(new Violation(field, bad));
            return;
        }
        final int bytes = encodedSize(payload);
        if (bytes > Limits.MAX_PAYLOAD_BYTES) {
            out.add(new Violation(field, "must be at most " + Limits.MAX_PAYLOAD_BYTES + " bytes of JSON"));
        }
    }

    /** Depth, well-formed strings and finite numbers; the recursion stops one level past the depth limit. */
    private static String walk(JsonNode node, int depth) {
        if (node.isContainerNode()) {
            if (depth > Limits.MAX_PAYLOAD_DEPTH) {
                return "must be nested at most " + Limits.MAX_PAYLOAD_DEPTH + " levels deep";
            }
            if (node.isObject()) {
                for (Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    final java.util.Map.Entry<String, JsonNode> entry = it.next();
                    if (!Text.isWellFormed(entry.getKey())) {
                        return "must hold well-formed Unicode only (a field name has a lone surrogate)";
                    }
                    final String inner = walk(entry.getValue(), depth + 1);
                    if (inner != null) {
                        return inner;
                    }
                }
            } else {
                for (JsonNode element : node) {
                    final String inner = walk(element, depth + 1);
                    if (inner != null) {
                        return inner;
                    }
                }
            }
        } else if (node.isTextual() && !Text.isWellFormed(node.textValue())) {
            return "must hold well-formed Unicode only (a string has a lone surrogate)";
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            // 1e999 reads as infinity and would be written back as the string "Infinity"
            return "must hold finite numbers only";
        }
        return null;
    }

    /** The size of a value as Baton encodes it, in bytes. */
    public static int encodedSize(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value).length;
        } catch (JsonProcessingException e) {
            return Integer.MAX_VALUE;
        }
    }
}
