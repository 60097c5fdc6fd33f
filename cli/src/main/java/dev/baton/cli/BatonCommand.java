package dev.baton.cli;

import dev.baton.client.Ack;
import dev.baton.client.BatonClient;
import dev.baton.client.HeldResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * What every command is: one call (or a few) of the HTTP API through a {@link BatonClient} made
 * from the common options, printed through {@link Output}, answering an exit status. It also keeps
 * what {@link BatonCli} needs when the call fails: whether to print the problem as JSON, and the
 * request id to name when the call got no answer.
 */
abstract class BatonCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    final Console console;
    BatonClient client;
    Output output;
    private volatile Progress progress;
    private String requestIdInUse;

    BatonCommand(Console console) {
        this.console = console;
    }

    /** Runs the command with the client of the options; the spinner is gone before anything else is printed. */
    @Override
    public final Integer call() throws IOException {
        progress = Progress.none(console.err());
        requestIdInUse = null;
        try {
            output = new Output(console.out(), common.json());
            client = common.client(
                    console.env(), (call, retry, delay, failure) -> waiting(call + ": " + failure + ", retrying"));
            return run();
        } finally {
            progress.close();
        }
    }

    abstract int run() throws IOException;

    boolean json() {
        return common.json();
    }

    /** The request id of the call being made, if it has one: repeating the call with it gets its answer. */
    String requestIdInUse() {
        return requestIdInUse;
    }

    /** The call's request id: the one given, or a fresh one; named again if the call gets no answer. */
    String requestId(RequestIdOption given) {
        requestIdInUse = given.value != null ? given.value : BatonClient.newRequestId();
        return requestIdInUse;
    }

    /** Shows a spinner with {@code text} on stderr, when stderr is a terminal. */
    void waiting(String text) {
        if (!console.tty()) {
            return;
        }
        final Progress current = progress;
        if (current.enabled()) {
            current.say(text);
        } else {
            progress = new Progress(console.err(), true, text);
        }
    }

    /** Takes the spinner off stderr before printing an answer. */
    void doneWaiting() {
        progress.close();
    }

    /** The service's acknowledgement of a call on one item. */
    int ack(Ack ack) {
        if (output.json()) {
            output.json(ack);
        } else {
            output.line(ack.itemId() + "  " + ack.state() + (ack.epoch() == null ? "" : "  epoch " + ack.epoch())
                    + (ack.leaseUntil() == null ? "" : "  lease until " + Output.time(ack.leaseUntil())));
        }
        return BatonCli.OK;
    }

    /**
     * The answers to a batch call, one line per item in order (or one JSON array); exit
     * {@link BatonCli#REJECTED} when any item was refused, so a script notices.
     */
    int results(List<HeldResult> results) {
        boolean refused = false;
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (HeldResult result : results) {
            refused |= !result.accepted();
            if (output.json()) {
                final Map<String, Object> row = new LinkedHashMap<>();
                row.put("itemId", result.itemId());
                row.put("requestId", result.requestId());
                if (result.accepted()) {
                    row.put("accepted", result.ack());
                } else {
                    row.put("problem", result.refusal().problem());
                }
                rows.add(row);
            } else if (result.accepted()) {
                ack(result.ack());
            } else {
                output.line(result.itemId() + "  refused " + result.refusal().reasonName()
                        + (result.refusal().detail() == null
                                ? ""
                                : ": " + result.refusal().detail()));
            }
        }
        if (output.json()) {
            output.json(rows);
        }
        return refused ? BatonCli.REJECTED : BatonCli.OK;
    }

    /** The text of a file, or of stdin for {@code -}. */
    String readText(String source, String flag) throws IOException {
        if (source.equals("-")) {
            return new String(console.in().readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            return Files.readString(Path.of(source));
        } catch (NoSuchFileException e) {
            throw new UsageException(flag + ": no such file " + source);
        }
    }

    /** Every value of a repeatable option, a value with commas counting as several ({@code --type a,b}). */
    static List<String> split(List<String> values) {
        final List<String> out = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }
}
