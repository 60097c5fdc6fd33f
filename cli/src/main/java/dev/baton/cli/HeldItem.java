package dev.baton.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The item an agent holds and the epoch of its grant: what every holder's call names. */
final class HeldItem {

    @Parameters(index = "0", paramLabel = "ITEM", description = "the item's id")
    String id;

    @Option(names = "--epoch", paramLabel = "N", required = true, description = "the epoch of your grant")
    Long epoch;
}
