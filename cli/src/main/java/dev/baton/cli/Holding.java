package dev.baton.cli;

import dev.baton.client.Held;
import dev.baton.client.Result;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the holder of an item does with it, each call fenced by the grant's epoch: {@code heartbeat},
 * {@code complete}, {@code fail} and {@code release}. One item ({@code ITEM --epoch N}) is the
 * single call; several ({@code ID@EPOCH ...}) go in one batch call, each answered on its own.
 */
final class Holding {

    private Holding() {}

    @Command(
            name = "heartbeat",
            description = {
                "extend a lease, with progress",
                "",
                "Refused (exit 4) with STALE_EPOCH, NOT_OWNER or TERMINAL once the lease is lost."
            },
            customSynopsis =
                    "./baton heartbeat (ITEM --epoch N | ID@EPOCH...) [--progress TEXT] [--lease SECONDS] [--request-id ID]")
    static final class Heartbeat extends BatonCommand {

        @Mixin
        HeldItem held;

        @Option(names = "--progress", paramLabel = "TEXT", description = "what the work is at, for people")
        String progress;

        @Option(names = "--lease", paramLabel = "SECONDS", description = "the new lease length, from now")
        Integer lease;

        @Mixin
        RequestIdOption requestId;

        Heartbeat(Console console) {
            super(console);
        }

        @Override
        int run() {
            final List<HeldItem.Named> items = held.items();
            if (items.size() == 1) {
                final HeldItem.Named one = items.get(0);
                return ack(client.heartbeat(one.id(), one.epoch(), progress, lease, requestId(requestId)));
            }
            return results(client.heartbeatAll(
                    items.stream()
                            .map(n -> new Held.Heartbeat(n.id(), n.epoch(), progress, lease))
                            .toList(),
                    requestId(requestId)));
        }
    }

    @Command(
            name = "complete",
            description = "complete a held item with its result",
            customSynopsis = "./baton complete (ITEM --epoch N | ID@EPOCH...) [--summary TEXT] [flags]")
    static final class Complete extends BatonCommand {

        @Mixin
        HeldItem held;

        @Option(names = "--summary", paramLabel = "TEXT", description = "one line on what was done")
        String summary;

        @Option(names = "--notes", paramLabel = "TEXT", description = "more, free-form")
        String notes;

        @Option(names = "--tag", paramLabel = "TAG", description = "repeatable, or comma-separated")
        List<String> tags = new ArrayList<>();

        @Option(names = "--log", paramLabel = "LINE", description = "repeatable: log lines for the devlog")
        List<String> logs = new ArrayList<>();

        @Option(
                names = "--logs-file",
                paramLabel = "FILE",
                description = "log lines from a file (- reads stdin); at most 500 lines")
        String logsFile;

        @Mixin
        RequestIdOption requestId;

        Complete(Console console) {
            super(console);
        }

        @Override
        int run() throws IOException {
            final List<String> lines = new ArrayList<>(logs);
            if (logsFile != null) {
                lines.addAll(readText(logsFile, "--logs-file").lines().toList());
            }
            final Result result = new Result(summary, notes, split(tags), lines);
            final List<HeldItem.Named> items = held.items();
            if (items.size() == 1) {
                final HeldItem.Named one = items.get(0);
                return ack(client.complete(one.id(), one.epoch(), result, requestId(requestId)));
            }
            return results(client.completeAll(
                    items.stream()
                            .map(n -> new Held.Completion(n.id(), n.epoch(), result))
                            .toList(),
                    requestId(requestId)));
        }
    }

    @Command(
            name = "fail",
            description = {
                "report that a held item failed",
                "",
                "A retryable failure (the default) puts the item back after a backoff until its attempts are used"
                        + " up; --no-retry makes it dead at once."
            },
            customSynopsis =
                    "./baton fail (ITEM --epoch N | ID@EPOCH...) [--error TEXT] [--no-retry] [--request-id ID]")
    static final class Fail extends BatonCommand {

        @Mixin
        HeldItem held;

        @Option(names = "--error", paramLabel = "TEXT", description = "what went wrong")
        String error;

        @Option(names = "--no-retry", description = "a retry cannot help: the item is dead at once")
        boolean noRetry;

        @Mixin
        RequestIdOption requestId;

        Fail(Console console) {
            super(console);
        }

        @Override
        int run() {
            final List<HeldItem.Named> items = held.items();
            if (items.size() == 1) {
                final HeldItem.Named one = items.get(0);
                return ack(client.fail(one.id(), one.epoch(), error, !noRetry, requestId(requestId)));
            }
            return results(client.failAll(
                    items.stream()
                            .map(n -> new Held.Failure(n.id(), n.epoch(), error, !noRetry))
                            .toList(),
                    requestId(requestId)));
        }
    }

    @Command(
            name = "release",
            description = {
                "give a held item back at once",
                "",
                "The item is ready again at once; no attempt is counted."
            },
            customSynopsis = "./baton release (ITEM --epoch N | ID@EPOCH...) [--reason TEXT] [--request-id ID]")
    static final class Release extends BatonCommand {

        @Mixin
        HeldItem held;

        @Option(names = "--reason", paramLabel = "TEXT", description = "why it is given back")
        String reason;

        @Mixin
        RequestIdOption requestId;

        Release(Console console) {
            super(console);
        }

        @Override
        int run() {
            final List<HeldItem.Named> items = held.items();
            if (items.size() == 1) {
                final HeldItem.Named one = items.get(0);
                return ack(client.release(one.id(), one.epoch(), reason, requestId(requestId)));
            }
            return results(client.releaseAll(
                    items.stream()
                            .map(n -> new Held.Release(n.id(), n.epoch(), reason))
                            .toList(),
                    requestId(requestId)));
        }
    }
}
