package dev.baton.cli;

import dev.baton.client.Grant;
import dev.baton.client.Next;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Taking work: {@code next} (the most urgent ready items) and {@code claim} (one item by id). */
final class Claiming {

    private Claiming() {}

    @Command(
            name = "next",
            description = {
                "claim the most urgent ready items",
                "",
                "Exit status 3 when nothing was ready within the wait."
            },
            customSynopsis = "./baton next [--type TYPE]... [--max N] [--lease SECONDS] [--wait SECONDS]")
    static final class NextItems extends BatonCommand {

        @Option(names = "--type", paramLabel = "TYPE", description = "repeatable, or comma-separated; none = any type")
        List<String> types = new ArrayList<>();

        @Option(names = "--max", paramLabel = "N", description = "claim up to N items at once (1-100, default 1)")
        Integer max;

        @Option(
                names = "--lease",
                paramLabel = "SECONDS",
                description = "lease length (default: the item's own, else the service's)")
        Integer lease;

        @Option(
                names = "--wait",
                paramLabel = "SECONDS",
                description = "wait up to this long for work (0-60, default 0)")
        Integer wait;

        @Mixin
        RequestIdOption requestId;

        NextItems(Console console) {
            super(console);
        }

        @Override
        int run() {
            final int seconds = wait == null ? 0 : wait;
            Next next = Next.of(split(types).toArray(String[]::new))
                    .waitSeconds(seconds)
                    .leaseSeconds(lease);
            if (max != null) {
                next = next.max(max);
            }
            if (seconds > 0) {
                waiting("waiting for work"
                        + (next.types().isEmpty() ? "" : " (" + String.join(", ", next.types()) + ")"));
            }
            final List<Grant> grants = client.next(next, requestId(requestId));
            doneWaiting();
            if (output.json()) {
                output.json(Map.of("claims", grants));
            } else if (!grants.isEmpty()) {
                grants(output, grants);
            }
            if (grants.isEmpty()) {
                console.err().println("nothing ready" + (seconds > 0 ? " within " + seconds + "s" : ""));
                return BatonCli.NOTHING;
            }
            return BatonCli.OK;
        }
    }

    @Command(
            name = "claim",
            description = "claim one item by id",
            customSynopsis = "./baton claim ITEM [--lease SECONDS] [--request-id ID]")
    static final class Claim extends BatonCommand {

        @Parameters(index = "0", paramLabel = "ITEM", description = "the item's id")
        String id;

        @Option(
                names = "--lease",
                paramLabel = "SECONDS",
                description = "lease length (default: the item's own, else the service's)")
        Integer lease;

        @Mixin
        RequestIdOption requestId;

        Claim(Console console) {
            super(console);
        }

        @Override
        int run() {
            final Grant grant = client.claim(id, lease, requestId(requestId));
            if (output.json()) {
                output.json(grant);
            } else {
                grants(output, List.of(grant));
            }
            return BatonCli.OK;
        }
    }

    private static void grants(Output output, List<Grant> grants) {
        final Output.Table table =
                new Output.Table("ITEM", "EPOCH", "LEASE UNTIL", "ATTEMPT", "TYPE", "TITLE", "PAYLOAD");
        for (Grant g : grants) {
            final Grant.Work w = g.item();
            table.row(
                    g.itemId(),
                    g.epoch(),
                    Output.time(g.leaseUntil()),
                    w == null ? null : w.attempt(),
                    w == null ? null : w.type(),
                    w == null ? null : Output.Table.clip(w.title(), 50),
                    w == null || w.payload() == null
                            ? null
                            : Output.Table.clip(w.payload().toString(), 80));
        }
        output.table(table);
    }
}
