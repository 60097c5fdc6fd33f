package dev.baton.contracts.http;

/** One thing wrong with a request: the offending field (a JSON path) and what is wrong with it. */
public record Violation(String field, String message) {
}
