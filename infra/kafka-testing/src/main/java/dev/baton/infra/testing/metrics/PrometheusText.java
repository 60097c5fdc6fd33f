package dev.baton.infra.testing.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape read as the Prometheus text exposition format (version 0.0.4, or OpenMetrics 1.0 as
 * Prometheus asks for it), strictly: every line is a {@code # HELP}, a {@code # TYPE}, another
 * comment, or a sample {@code name{labels} value [timestamp] [# {exemplar} value [timestamp]]};
 * anything else fails the parse, naming the line. What tests read a service's
 * {@code /q/metrics} with, so a change that broke the format would fail them.
 */
public final class PrometheusText {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    // Labels in braces, where a quoted value may hold braces itself ("/items/{id}"); then the
    // value, an optional timestamp, and an optional OpenMetrics exemplar. Possessive runs: a
    // label value hundreds of characters long must not cost a stack frame per character.
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)"
            + "(\\{((?:[^\"}]++|\"(?:[^\"\\\\]++|\\\\.)*+\")*+)})?"
            + "\\s+(\\S+)(\\s+-?[0-9.]+)?( # \\{.*}\\s+\\S+(\\s+\\S+)?)?");
    private static final Pattern LABEL =
            Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]++|\\\\.)*+)\"\\s*(,|$)");
    private static final Set<String> TYPES = Set.of(
            "counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset", "gaugehistogram");

    /** One sample: a metric name, its labels, its value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = Collections.unmodifiableList(samples);
        this.types = Collections.unmodifiableMap(types);
    }

    /** Parses a whole scrape; throws {@link IllegalArgumentException} naming the first line that is not the format. */
    public static PrometheusText parse(String text) {
        final List<Sample> samples = new ArrayList<>();
        final Map<String, String> types = new LinkedHashMap<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                final String[] parts = line.substring(7).trim().split("\\s+");
                if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !TYPES.contains(parts[1])) {
                    throw new IllegalArgumentException("line " + number + ": bad TYPE: " + line);
                }
                types.put(parts[0], parts[1]);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            final Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("line " + number + ": not a sample: " + line);
            }
            samples.add(new Sample(
                    sample.group(1), labels(sample.group(3), number, line), value(sample.group(4), number, line)));
        }
        return new PrometheusText(samples, types);
    }

    private static Map<String, String> labels(String raw, int number, String line) {
        final Map<String, String> labels = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return labels;
        }
        final Matcher label = LABEL.matcher(raw);
        int at = 0;
        while (at < raw.length()) {
            if (!label.find(at) || label.start() != at) {
                throw new IllegalArgumentException("line " + number + ": bad labels: " + line);
            }
            labels.put(
                    label.group(1),
                    label.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
            at = label.end();
        }
        return labels;
    }

    private static double value(String raw, int number, String line) {
        switch (raw) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(raw);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + number + ": bad value: " + line, e);
                }
        }
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The metric family types declared by {@code # TYPE} lines. */
    public Map<String, String> types() {
        return types;
    }

    /** Every sample name the scrape holds (histograms' {@code _bucket}, {@code _count}, {@code _sum} included). */
    public Set<String> names() {
        final Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The sum of the samples of {@code name} whose labels include every pair of {@code labels}; 0 when none. */
    public double sum(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }
}
