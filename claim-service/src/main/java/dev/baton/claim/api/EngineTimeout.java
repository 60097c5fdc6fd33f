package dev.baton.claim.api;

/** The engine did not answer in time. The request may still take effect: retry with the same request id. */
public final class EngineTimeout extends RuntimeException {

    public EngineTimeout(String requestId, long millis) {
        super("the claim engine did not answer request " + requestId + " within " + millis
                + " ms; retry with the same requestId to get its answer");
    }
}
