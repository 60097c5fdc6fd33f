package dev.baton.claim.api;

import dev.baton.contracts.http.Violation;
import dev.baton.contracts.limits.Rules;
import dev.baton.http.body.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A call's request id: the body's {@code requestId}, else its {@code Idempotency-Key} header, else
 * a new one. Repeating a call with the same id returns the same answer.
 */
final class RequestIds {

    private RequestIds() {}

    /** The id of a call whose body and key were judged right. */
    static String of(String fromBody, String header) {
        final String given = given(fromBody, header);
        return given == null ? UUID.randomUUID().toString() : given;
    }

    /**
     * The id of the call as {@link #of}, judged by the rules: one that breaks them is reported
     * (the header where the body's field was read) and a stand-in returned, so the command's own
     * check does not report it twice.
     */
    static String judged(Verdict verdict, String fromBody, String header) {
        final String given = given(fromBody, header);
        if (given == null) {
            return UUID.randomUUID().toString();
        }
        final List<Violation> wrong = new ArrayList<>();
        Rules.requestId(wrong, fromBody != null ? "requestId" : "Idempotency-Key", given);
        verdict.after("requestId", out -> out.addAll(wrong));
        return wrong.isEmpty() ? given : UUID.randomUUID().toString();
    }

    private static String given(String fromBody, String header) {
        return fromBody != null ? fromBody : header == null || header.isBlank() ? null : header.strip();
    }
}
