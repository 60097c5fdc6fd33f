package dev.baton.cli;

import picocli.CommandLine.Option;

/** {@code --request-id}, taken by the calls whose answer can be asked for again. */
final class RequestIdOption {

    @Option(
            names = "--request-id",
            paramLabel = "ID",
            description = "repeat an earlier call: the same id gets the same answer")
    String value;
}
