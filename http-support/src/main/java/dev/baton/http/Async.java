package dev.baton.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * How the HTTP services wait without holding a thread. A call that waits for the engine or the
 * read model returns a future; Quarkus REST parks the request and writes the answer when the
 * future completes, and a failure goes through the same exception mappers as a thrown one.
 */
public final class Async {

    private Async() {}

    /**
     * Where a call's later steps run: on the Vert.x context of the request that started it (its
     * event loop), not on whichever thread completed a future (the engine's reply listener, a
     * timer, a stream thread), which must stay free for everyone else's answers.
     */
    public static Executor here() {
        final Context context = Vertx.currentContext();
        if (context == null) {
            return ForkJoinPool.commonPool();
        }
        return task -> context.runOnContext(nothing -> task.run());
    }

    /**
     * The call's outcome as the answer. When the client goes away Quarkus cancels the answer; the
     * cancellation is passed back to the call, so a long poll whose caller left stops waiting.
     * {@code toResponse} runs on whichever thread completed the call, outside the request: it may
     * not ask anything of the request (read what it needs before).
     */
    public static <T> CompletableFuture<Response> answer(
            CompletableFuture<T> call, Function<? super T, Response> toResponse) {
        final CompletableFuture<Response> answer = call.thenApply(toResponse);
        answer.whenComplete((response, error) -> {
            if (error instanceof CancellationException) {
                call.cancel(false);
            }
        });
        return answer;
    }

    /** The failure itself, not the wrapper a dependent future puts around it. */
    public static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
