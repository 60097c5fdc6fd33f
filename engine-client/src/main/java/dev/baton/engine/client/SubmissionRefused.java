package dev.baton.engine.client;

import dev.baton.contracts.reply.Rejection;

/**
 * The engine refused a submission: the spec breaks a rule of the limits (checked again by the
 * engine, whoever wrote the record) or the item's state could not be stored. Nothing was stored;
 * sending the same spec again is refused the same way. A client error: 400.
 */
public final class SubmissionRefused extends dev.baton.contracts.http.ProblemException {

    private final transient Rejection rejection;

    public SubmissionRefused(Rejection rejection) {
        super("the claim engine refused the submission: " + rejection.detail());
        this.rejection = rejection;
    }

    /** Why, as the engine said it: {@code INVALID}, each offending field with its rule in the detail. */
    public Rejection rejection() {
        return rejection;
    }

    /** 400, naming what was wrong. */
    @Override
    public dev.baton.contracts.http.Problem problem() {
        return rejection.problem();
    }
}
