package dev.baton.backlog.submit;

/** One thing wrong with a submission: the offending field (a JSON path) and what is wrong with it. */
public record Violation(String field, String message) {
}
