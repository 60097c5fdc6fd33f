package dev.baton.claim.api;

import dev.baton.contracts.command.Command;
import dev.baton.engine.client.EngineGateway;
import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.Reply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.baton.claim.streams.EngineConfig;

/**
 * The agent-facing calls, answered synchronously: each sends a command to the engine and waits
 * for its answer. Claim-next also decides where to ask: only partitions whose hint says they
 * hold ready items of the wanted types, the one with the most urgent item first (priority is
 * global, not per partition), partitions as urgent as each other spread by request id so agents
 * do not all queue on one, and on a long poll it waits for hints to change rather than asking
 * again and again.
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
    public Reply send(Command command) {
        return await(command, null);
    }

    /**
     * Claim-next: the grants of the first partition that had something, or none once the wait is
     * over. Each question to a partition has its own request id derived from the caller's
     * ({@code id#round.try}); a retry of the same call walks the same ids and so gets the answers
     * already given instead of new grants.
     */
    public Reply next(String requestId, String agent, List<String> types, int max, Integer leaseSeconds,
            Duration wait) {
        final long deadline = System.nanoTime() + wait.toNanos();
        for (int round = 0; ; round++) {
            final long seenHints = gateway.hintVersion();
            // Most urgent first; among partitions as urgent as each other, spread agents by request id.
            final List<Integer> candidates = new ArrayList<>();
            gateway.partitionsWithReady(types).forEach(group -> candidates.addAll(spread(group, requestId)));
            for (int attempt = 0; attempt < Math.min(TRIES_PER_ROUND, candidates.size()); attempt++) {
                final String asked = requestId + "#" + round + "." + attempt;
                Reply reply = gateway.recentAnswer(asked);
                if (reply == null) {
                    reply = await(new Command.ClaimNext(asked, agent, types, max, leaseSeconds),
                            candidates.get(attempt));
                }
                if (reply instanceof Reply.Rejected rejected) {
                    return new Reply.Rejected(requestId, rejected.rejection());
                }
                final List<Grant> grants = ((Reply.Granted) reply).grants();
                if (!grants.isEmpty()) {
                    return new Reply.Granted(requestId, grants);
                }
            }
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Reply.Granted(requestId, List.of());
            }
            try {
                gateway.awaitHint(seenHints, Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Reply.Granted(requestId, List.of());
            }
        }
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

    private Reply await(Command command, Integer partition) {
        return gateway.ask(command, partition, config.answerTimeout());
    }
}
