package dev.baton.engine.client;

/** The engine did not answer in time. The request may still take effect: retry with the same request id. */
public final class EngineTimeout extends RuntimeException {

    /** 503: retry with the same request id. */
    public dev.baton.contracts.http.Problem problem() {
        return dev.baton.contracts.http.Problem.of("engine-timeout", "The claim engine did not answer in time", 503,
                getMessage());
    }

    public EngineTimeout(String requestId, long millis) {
        super("the claim engine did not answer request " + requestId + " within " + millis
                + " ms; retry with the same requestId to get its answer");
    }
}
