package dev.baton.claim.api;

import dev.baton.claim.streams.EngineConfig;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import dev.baton.http.Async;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A holder's batch on its way to the engine: its parts grouped by the partition that owns each
 * item, each group sent as one record ({@link Command.Batch}), cut into more records only where
 * one would pass {@link Limits#MAX_BATCH_RECORD_BYTES}. So one call costs one round trip per
 * partition it touches, not one per item. Records are named after the call and their place
 * ({@code callId#batch/partition.chunk}), so a repeat of the call sends the same records and
 * hears the answers its parts already got.
 */
@ApplicationScoped
public class HolderBatches {

    private static final Codec<Command> COMMANDS = Codec.of(Command.class);
    /** Room for a batch record's own fields around its parts. */
    private static final int ENVELOPE = 1024;

    @Inject
    EngineGateway gateway;

    @Inject
    EngineConfig config;

    /** Completes with every part's answer, in the order of the parts; fails if a record got no answer in time. */
    public CompletableFuture<List<Reply>> send(String callId, List<Command.HolderCommand> parts) {
        final Map<Integer, List<Command.HolderCommand>> byPartition = new LinkedHashMap<>();
        for (Command.HolderCommand part : parts) {
            byPartition
                    .computeIfAbsent(gateway.partitionOf(part.itemId()), p -> new ArrayList<>())
                    .add(part);
        }
        final List<Command.Batch> records = new ArrayList<>();
        byPartition.forEach((partition, share) -> records.addAll(cut(callId, partition, share)));
        final List<CompletableFuture<Reply>> sent = new ArrayList<>(records.size());
        for (Command.Batch record : records) {
            sent.add(gateway.send(
                    record, gateway.partitionOf(record.parts().get(0).itemId()), config.answerTimeout()));
        }
        final CompletableFuture<List<Reply>> answer = new CompletableFuture<>();
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).whenComplete((done, error) -> {
            if (error != null) {
                // One record without an answer fails the call (503, retry): a repeat is answered from the request log.
                answer.completeExceptionally(Async.cause(error));
                return;
            }
            try {
                final Map<String, Reply> byPart = new HashMap<>();
                for (int i = 0; i < records.size(); i++) {
                    answers(records.get(i), sent.get(i).join(), byPart);
                }
                answer.complete(
                        parts.stream().map(part -> byPart.get(part.requestId())).toList());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /** A partition's share in records of at most {@link Limits#MAX_BATCH_RECORD_BYTES}, in order. */
    static List<Command.Batch> cut(String callId, int partition, List<Command.HolderCommand> share) {
        final List<Command.Batch> records = new ArrayList<>();
        List<Command.HolderCommand> current = new ArrayList<>();
        int bytes = ENVELOPE;
        for (Command.HolderCommand part : share) {
            final int size = COMMANDS.encode(part.command()).length;
            if (!current.isEmpty() && bytes + size > Limits.MAX_BATCH_RECORD_BYTES) {
                records.add(new Command.Batch(callId + "#batch/" + partition + "." + records.size(), current));
                current = new ArrayList<>();
                bytes = ENVELOPE;
            }
            current.add(part);
            bytes += size + 1;
        }
        records.add(new Command.Batch(callId + "#batch/" + partition + "." + records.size(), current));
        return records;
    }

    /** A record's answer, part by part; a refusal of the whole record is each of its parts' answer. */
    private static void answers(Command.Batch record, Reply reply, Map<String, Reply> byPart) {
        if (reply instanceof Reply.Batched batched
                && batched.answers().size() == record.parts().size()) {
            for (int i = 0; i < record.parts().size(); i++) {
                byPart.put(record.parts().get(i).requestId(), batched.answers().get(i));
            }
        } else if (reply instanceof Reply.Rejected rejected) {
            record.parts()
                    .forEach(part ->
                            byPart.put(part.requestId(), new Reply.Rejected(part.requestId(), rejected.rejection())));
        } else {
            throw new IllegalStateException("the engine answered a batch of "
                    + record.parts().size() + " with " + reply.getClass().getSimpleName());
        }
    }
}
