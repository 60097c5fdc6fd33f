package dev.baton.claim.topology;

import dev.baton.contracts.reply.Rejection;

/** A transition that was refused before anything was written, and why. */
final class Unstorable extends RuntimeException {

    private final transient Rejection rejection;

    Unstorable(Rejection rejection) {
        super(rejection.detail(), null, false, false);
        this.rejection = rejection;
    }

    Rejection rejection() {
        return rejection;
    }
}
