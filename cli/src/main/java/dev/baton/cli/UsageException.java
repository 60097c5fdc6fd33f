package dev.baton.cli;

/** The command line itself is wrong: an unknown flag, a missing value, a value of the wrong form. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
