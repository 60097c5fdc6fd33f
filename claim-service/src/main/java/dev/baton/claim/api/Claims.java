package dev.baton.claim.api;

import dev.baton.claim.streams.EngineConfig;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import dev.baton.http.Async;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The agent-facing calls: each sends a command to the engine and completes with its answer. No
 * thread waits for it meanwhile: the answer, a new hint or the end of a wait resumes the call.
 * Claim-next also decides where to ask: only partitions whose hint says they hold ready items of
 * the wanted types, the one with the most urgent item first (priority is global, not per
 * partition), partitions as urgent as each other spread by request id so agents do not all queue
 * on one, and on a long poll it waits for hints to change rather than asking again and again.
 */
@ApplicationScoped
public class Claims {

    /** Partitions tried per round of claim-next before waiting for hints to change. */
    static final int TRIES_PER_ROUND = 3;

    @Inject
    EngineGateway gateway;

    @Inject
    EngineConfig config;

    /** One item command: claim by id, heartbeat, complete, fail, release, cancel, redrive. */
    public CompletableFuture<Reply> send(Command command) {
        return gateway.send(command, null, config.answerTimeout());
    }

    /**
     * Claim-next: the grants of the first partition that had something, or none once the wait is
     * over. Each question to a partition has its own request id derived from the caller's
     * ({@code id#round.try}); a retry of the same call walks the same ids and so gets the answers
     * already given instead of new grants. Cancelling the returned future ends the call.
     */
    public CompletableFuture<Reply> next(Command.ClaimNext asked, Duration wait) {
        final ClaimNext call = new ClaimNext(
                asked.requestId(),
                asked.agent(),
                asked.types(),
                asked.max(),
                asked.leaseSeconds(),
                System.nanoTime() + wait.toNanos(),
                Async.here());
        call.guarded(() -> call.round(0));
        return call.answer;
    }

    /** The candidates rotated by the request id: different agents start at different partitions. */
    static List<Integer> spread(List<Integer> candidates, String requestId) {
        if (candidates.size() < 2) {
            return candidates;
        }
        final int start = Math.floorMod(requestId.hashCode(), candidates.size());
        final List<Integer> rotated = new ArrayList<>(candidates.subList(start, candidates.size()));
        rotated.addAll(candidates.subList(0, start));
        return rotated;
    }

    /**
     * One claim-next call, as a chain of steps: a round looks at the hints and tries up to
     * {@link #TRIES_PER_ROUND} partitions one after another, then waits for the hints to change,
     * until the deadline. Each step runs on the request's own context when the one before it
     * completes.
     */
    private final class ClaimNext {
        final CompletableFuture<Reply> answer = new CompletableFuture<>();
        private final String requestId;
        private final String agent;
        private final List<String> types;
        private final int max;
        private final Integer leaseSeconds;
        private final long deadline;
        private final Executor here;
        private volatile CompletableFuture<Void> hintWait;

        ClaimNext(
                String requestId,
                String agent,
                List<String> types,
                int max,
                Integer leaseSeconds,
                long deadline,
                Executor here) {
            this.requestId = requestId;
            this.agent = agent;
            this.types = types;
            this.max = max;
            this.leaseSeconds = leaseSeconds;
            this.deadline = deadline;
            this.here = here;
            // A caller that went away frees its parked wait at once rather than at the next hint.
            answer.whenComplete((reply, error) -> {
                final CompletableFuture<Void> parked = hintWait;
                if (parked != null) {
                    parked.cancel(false);
                }
            });
        }

        void round(int round) {
            if (answer.isDone()) {
                return;
            }
            final long seenHints = gateway.hintVersion();
            // Most urgent first; among partitions as urgent as each other, spread agents by request id.
            final List<Integer> candidates = new ArrayList<>();
            gateway.partitionsWithReady(types).forEach(group -> candidates.addAll(spread(group, requestId)));
            attempt(round, 0, candidates, seenHints);
        }

        private void attempt(int round, int attempt, List<Integer> candidates, long seenHints) {
            if (answer.isDone()) {
                return;
            }
            if (attempt >= Math.min(TRIES_PER_ROUND, candidates.size())) {
                awaitHints(round, seenHints);
                return;
            }
            final String asked = requestId + "#" + round + "." + attempt;
            final Reply known = gateway.recentAnswer(asked);
            final CompletableFuture<Reply> reply = known != null
                    ? CompletableFuture.completedFuture(known)
                    : gateway.send(
                            new Command.ClaimNext(asked, agent, types, max, leaseSeconds),
                            candidates.get(attempt),
                            config.answerTimeout());
            reply.whenCompleteAsync(
                    (answered, error) -> guarded(() -> {
                        if (error != null) {
                            answer.completeExceptionally(Async.cause(error));
                            return;
                        }
                        if (answered instanceof Reply.Rejected rejected) {
                            answer.complete(new Reply.Rejected(requestId, rejected.rejection()));
                            return;
                        }
                        final List<Grant> grants = ((Reply.Granted) answered).grants();
                        if (!grants.isEmpty()) {
                            answer.complete(new Reply.Granted(requestId, grants));
                            return;
                        }
                        attempt(round, attempt + 1, candidates, seenHints);
                    }),
                    here);
        }

        private void awaitHints(int round, long seenHints) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                answer.complete(new Reply.Granted(requestId, List.of()));
                return;
            }
            final CompletableFuture<Void> wait = gateway.hintAfter(seenHints, Duration.ofNanos(left));
            hintWait = wait;
            if (answer.isDone()) {
                wait.cancel(false);
                return;
            }
            wait.thenRunAsync(() -> guarded(() -> round(round + 1)), here);
        }

        /** A step that fails ends the call with its failure: nothing may leave a caller waiting for ever. */
        void guarded(Runnable step) {
            try {
                step.run();
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }
    }
}
