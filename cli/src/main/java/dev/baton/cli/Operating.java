package dev.baton.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** An operator's hand on an item, whoever holds it: {@code cancel} and {@code redrive}. */
final class Operating {

    private Operating() {}

    @Command(name = "cancel", description = "cancel an item", customSynopsis = "./baton cancel ITEM [--reason TEXT]")
    static final class Cancel extends BatonCommand {

        @Parameters(index = "0", paramLabel = "ITEM", description = "the item's id")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "why it is cancelled")
        String reason;

        Cancel(Console console) {
            super(console);
        }

        @Override
        int run() {
            return ack(client.cancel(id, reason));
        }
    }

    @Command(name = "redrive", description = "put a dead item back to ready", customSynopsis = "./baton redrive ITEM")
    static final class Redrive extends BatonCommand {

        @Parameters(index = "0", paramLabel = "ITEM", description = "the item's id")
        String id;

        Redrive(Console console) {
            super(console);
        }

        @Override
        int run() {
            return ack(client.redrive(id));
        }
    }
}
