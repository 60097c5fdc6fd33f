package dev.baton.launcher;

/** A command line or an environment variable that cannot be used: the launcher exits with status 2. */
public final class UsageError extends Exception {

    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
        super(message);
    }
}
