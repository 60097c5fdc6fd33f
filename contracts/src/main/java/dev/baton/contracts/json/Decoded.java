package dev.baton.contracts.json;

/**
 * The outcome of reading a record: a value, or a typed failure with the reason and the original
 * bytes, so the caller can route it to a dead-letter topic instead of dying on it.
 */
public sealed interface Decoded<T> {

    record Ok<T>(T value) implements Decoded<T> {}

    record Failed<T>(String reason, byte[] raw) implements Decoded<T> {}
}
