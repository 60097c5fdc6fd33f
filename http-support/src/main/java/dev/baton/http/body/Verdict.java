package dev.baton.http.body;

import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.http.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What is wrong with one body in its call, as one answer lists it: the reader's findings in the
 * body's shape and the rules' findings in the body and in the values around it. A value checked
 * before the body (a path segment) is listed first; a header that stands in for a body field is
 * listed where that field was read; the body's fields in the order they were read. That is the
 * order in which the calls always named them.
 */
public final class Verdict {

    private final JsonFields received;
    private final List<String> first = new ArrayList<>();
    private final Map<String, List<String>> after = new LinkedHashMap<>();
    private final List<Violation> ruled = new ArrayList<>();

    private Verdict(JsonFields received) {
        this.received = received;
    }

    /** A verdict over a body as its reader found it. */
    public static Verdict of(JsonFields received) {
        return new Verdict(received);
    }

    /** Runs a rule over a value checked before the body (a path segment, a header the body has no field for). */
    public Verdict first(Consumer<List<Violation>> rule) {
        for (Violation found : run(rule)) {
            first.add(JsonFields.root(found.field()));
        }
        return this;
    }

    /** Runs a rule over a value that stands in for the body's {@code field} (a header): listed right after it. */
    public Verdict after(String field, Consumer<List<Violation>> rule) {
        for (Violation found : run(rule)) {
            after.computeIfAbsent(field, f -> new ArrayList<>()).add(JsonFields.root(found.field()));
        }
        return this;
    }

    /** Runs a rule over the body's own values: what it finds is listed where each field was read. */
    public Verdict check(Consumer<List<Violation>> rule) {
        run(rule);
        return this;
    }

    /** Keeps what a rule found over the body's own values. */
    public Verdict rule(List<Violation> found) {
        ruled.addAll(found);
        return this;
    }

    /** Every violation, each field named once, in the order of the answer. */
    public List<Violation> violations() {
        final LinkedHashSet<String> order = new LinkedHashSet<>(first);
        for (String field : received.order()) {
            order.add(field);
            order.addAll(after.getOrDefault(field, List.of()));
        }
        after.values().forEach(order::addAll);
        return JsonFields.merge(received.shapeViolations(), ruled, new ArrayList<>(order));
    }

    private List<Violation> run(Consumer<List<Violation>> rule) {
        final List<Violation> found = new ArrayList<>();
        rule.accept(found);
        ruled.addAll(found);
        return found;
    }
}
