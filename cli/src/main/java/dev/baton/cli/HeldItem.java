package dev.baton.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The items a holder's command is about: one {@code ITEM --epoch N}, or several {@code ID@EPOCH}
 * sent in one call (an item id never holds {@code @}), each answered on its own.
 */
final class HeldItem {

    /** One named item and the epoch of its grant. */
    record Named(String id, long epoch) {}

    @Parameters(
            arity = "1..*",
            paramLabel = "ITEM",
            description = "the item's id; several as ID@EPOCH, sent in one call")
    List<String> ids = new ArrayList<>();

    @Option(names = "--epoch", paramLabel = "N", description = "the epoch of your grant (one item)")
    Long epoch;

    /** The items as named; a usage error when an epoch is missing, malformed or given twice over. */
    List<Named> items() {
        final List<Named> items = new ArrayList<>();
        for (String given : ids) {
            final int at = given.lastIndexOf('@');
            if (at < 0) {
                if (epoch == null) {
                    throw new UsageException("Missing required option: '--epoch=N' (or name the item as ID@EPOCH)");
                }
                if (ids.size() > 1) {
                    throw new UsageException("several items are named ID@EPOCH each, got '" + given + "'");
                }
                items.add(new Named(given, epoch));
                continue;
            }
            if (epoch != null) {
                throw new UsageException("'" + given + "' names its epoch; --epoch is for one item named alone");
            }
            try {
                items.add(new Named(given.substring(0, at), Long.parseLong(given.substring(at + 1))));
            } catch (NumberFormatException e) {
                throw new UsageException("'" + given + "': the epoch after @ must be a whole number");
            }
        }
        return items;
    }
}
