package dev.baton.engine.client;

/** The engine did not answer in time. The request may still take effect: retry with the same request id. */
public final class EngineTimeout extends dev.baton.contracts.http.ProblemException {

    /** 503: retry with the same request id. */
    @Override
    public dev.baton.contracts.http.Problem problem() {
        return dev.baton.contracts.http.Problem.of(
                "engine-timeout", "The claim engine did not answer in time", 503, getMessage());
    }

    /** The engine is slow, not gone: a second later the answer is usually there. */
    @Override
    public Integer retryAfterSeconds() {
        return 1;
    }

    public EngineTimeout(String requestId, long millis) {
        super("the claim engine did not answer request " + requestId + " within " + millis
                + " ms; retry with the same requestId to get its answer");
    }
}
