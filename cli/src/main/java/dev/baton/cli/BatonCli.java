package dev.baton.cli;

import dev.baton.client.BatonException;
import dev.baton.client.InvalidRequestException;
import dev.baton.client.ItemState;
import dev.baton.client.RejectedException;
import dev.baton.client.UnavailableException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line behind {@code ./baton submit|next|claim|...}: one call of the HTTP API per
 * command, printed as a table for people or as JSON ({@code --json}) for scripts, with an exit
 * code a script can branch on:
 *
 * <pre>
 * 0  done
 * 1  error: no answer from the service within the retry deadline, or an answer that makes no sense
 * 2  invalid: a usage error, or the service refused the request as malformed (400)
 * 3  nothing to do: next found no ready item within its wait
 * 4  rejected: the service refused the call (409, or 404 for an unknown item)
 * </pre>
 *
 * <p>picocli parses each command's options; this class picks the command, turns what went wrong
 * into a message and an exit status, and prints help.
 */
@Command(
        name = "./baton",
        customSynopsis = "./baton <command> [flags]   (work with a running Baton)",
        commandListHeading = "%n")
public final class BatonCli {

    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int INVALID = 2;
    public static final int NOTHING = 3;
    public static final int REJECTED = 4;

    /** Request-body field names as the flags that set them, for the service's 400 answers. */
    private static final Map<String, String> FLAG_OF_FIELD = Map.ofEntries(
            Map.entry("agent", "--agent"),
            Map.entry("types", "--type"),
            Map.entry("max", "--max"),
            Map.entry("leaseSeconds", "--lease"),
            Map.entry("waitSeconds", "--wait"),
            Map.entry("epoch", "--epoch"),
            Map.entry("progress", "--progress"),
            Map.entry("error", "--error"),
            Map.entry("reason", "--reason"),
            Map.entry("type", "--type"),
            Map.entry("title", "--title"),
            Map.entry("payload", "--payload"),
            Map.entry("priority", "--priority"),
            Map.entry("labels", "--label"),
            Map.entry("maxAttempts", "--max-attempts"),
            Map.entry("notBefore", "--not-before"),
            Map.entry("dependsOn", "--depends-on"),
            Map.entry("Idempotency-Key", "--key or --request-id"),
            Map.entry("result.summary", "--summary"),
            Map.entry("result.notes", "--notes"),
            Map.entry("result.tags", "--tag"),
            Map.entry("result.logs", "--log"),
            Map.entry("limit", "--limit"),
            Map.entry("state", "--state"),
            Map.entry("itemId", "ITEM"),
            Map.entry("id", "ITEM"),
            Map.entry("date", "DATE"));

    private static final Set<String> HELP = Set.of("help", "-h", "--help");

    /** Only for the top-level help, which lists the options every command takes. */
    @Mixin
    CommonOptions common;

    private final Console console;
    private final CommandLine commandLine;

    BatonCli(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, boolean tty) {
        this.console = new Console(out, err, in, env, tty);
        this.commandLine = new CommandLine(this)
                .addSubcommand(new Submitting.Submit(console))
                .addSubcommand(new Claiming.NextItems(console))
                .addSubcommand(new Claiming.Claim(console))
                .addSubcommand(new Holding.Heartbeat(console))
                .addSubcommand(new Holding.Complete(console))
                .addSubcommand(new Holding.Fail(console))
                .addSubcommand(new Holding.Release(console))
                .addSubcommand(new Looking.Items(console))
                .addSubcommand(new Looking.Item(console))
                .addSubcommand(new Looking.Events(console))
                .addSubcommand(new Operating.Cancel(console))
                .addSubcommand(new Operating.Redrive(console))
                .addSubcommand(new Devlog.Posts(console))
                .addSubcommand(new Minting.Token(console));
        // Set after the subcommands are added: picocli hands each setting down to them.
        commandLine
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                // A value may look like a flag, as before: --title --json is a title.
                .setAllowOptionsAsOptionParameters(true)
                .registerConverter(Integer.class, value -> whole(value, Integer::valueOf))
                .registerConverter(Long.class, value -> whole(value, Long::valueOf))
                .registerConverter(URI.class, BatonCli::url)
                .registerConverter(ItemState.class, BatonCli::state)
                .setParameterExceptionHandler(this::usageError)
                .setExecutionExceptionHandler(this::failed);
        HelpLayout.apply(commandLine);
    }

    public static void main(String[] argv) {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        final int code = new BatonCli(out, err, System.in, System.getenv(), Boolean.getBoolean("baton.cli.tty"))
                .run(List.of(argv));
        out.flush();
        err.flush();
        System.exit(code);
    }

    int run(List<String> argv) {
        if (argv.isEmpty()) {
            commandLine.usage(console.err());
            return INVALID;
        }
        final String name = argv.get(0);
        final List<String> rest = argv.subList(1, argv.size());
        if (HELP.contains(name)) {
            if (rest.isEmpty()) {
                commandLine.usage(console.out());
                return OK;
            }
            final CommandLine command = commandLine.getSubcommands().get(rest.get(0));
            if (command == null) {
                return usageError("unknown command: " + rest.get(0), null);
            }
            command.usage(console.out());
            return OK;
        }
        final CommandLine command = commandLine.getSubcommands().get(name);
        if (command == null) {
            return usageError("unknown command: " + name, null);
        }
        // Help wins wherever it stands, even next to a mistake: the mistake is what help is for.
        if (rest.stream().anyMatch(Set.of("-h", "--help")::contains)) {
            command.usage(console.out());
            return OK;
        }
        return commandLine.execute(argv.toArray(String[]::new));
    }

    private int usageError(ParameterException e, String[] args) {
        final int code = usageError(e.getMessage(), e.getCommandLine().getCommandName());
        if (e instanceof UnmatchedArgumentException unmatched) {
            UnmatchedArgumentException.printSuggestions(unmatched, console.err());
        }
        return code;
    }

    private int usageError(String message, String command) {
        console.err().println("baton: " + message);
        console.err().println("Run './baton help" + (command == null ? "" : " " + command) + "' for usage.");
        return INVALID;
    }

    /** What a command threw, as a message on stderr (and a problem on stdout with --json) and an exit status. */
    private int failed(Exception e, CommandLine command, ParseResult parsed) throws Exception {
        final BatonCommand call = command.getCommand() instanceof BatonCommand c ? c : null;
        if (e instanceof UsageException) {
            return usageError(e.getMessage(), command.getCommandName());
        }
        if (e instanceof InvalidRequestException invalid) {
            problem(call, invalid);
            console.err().println("baton: invalid request: " + invalid.getMessage() + flagHint(invalid.field()));
            return INVALID;
        }
        if (e instanceof RejectedException rejected) {
            problem(call, rejected);
            console.err().println("baton: rejected: " + rejected.getMessage());
            return REJECTED;
        }
        if (e instanceof UnavailableException) {
            console.err().println("baton: " + e.getMessage());
            if (call != null && call.requestIdInUse() != null) {
                // The call may have taken effect: asking again with its id gets its answer, never a second effect.
                console.err()
                        .println("baton: to ask again for this call's answer, repeat it with --request-id "
                                + call.requestIdInUse());
            }
            return ERROR;
        }
        if (e instanceof BatonException || e instanceof IOException || e instanceof UncheckedIOException) {
            console.err().println("baton: " + e.getMessage());
            return ERROR;
        }
        if (e instanceof IllegalArgumentException) {
            console.err().println("baton: " + e.getMessage());
            return INVALID;
        }
        if (e instanceof IllegalStateException) {
            console.err().println("baton: " + e.getMessage());
            return ERROR;
        }
        throw e;
    }

    /** With --json, the service's problem document on stdout, for a script to read. */
    private void problem(BatonCommand call, BatonException e) {
        if (call == null || !call.json()) {
            return;
        }
        final Output output = new Output(console.out(), true);
        if (e instanceof RejectedException rejected
                && rejected.problem() != null
                && rejected.problem().size() > 0) {
            output.json(rejected.problem());
        } else if (e instanceof InvalidRequestException invalid) {
            final Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("status", invalid.status());
            problem.put("field", invalid.field());
            problem.put("detail", invalid.getMessage());
            problem.put("violations", invalid.violations());
            output.json(problem);
        }
    }

    private static String flagHint(String field) {
        if (field == null) {
            return "";
        }
        final String flag = FLAG_OF_FIELD.get(field.replaceFirst("^items\\[\\d+]\\.", ""));
        return flag == null ? "" : " (" + flag + ")";
    }

    // --- values the options take; picocli puts the option's name before each message ------------

    private static <T> T whole(String value, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number, got '" + value + "'");
        }
    }

    private static URI url(String value) {
        try {
            return URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("must be a URL such as http://127.0.0.1:8080, got '" + value + "'");
        }
    }

    private static ItemState state(String value) {
        try {
            return ItemState.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(
                    "must be one of " + Arrays.toString(ItemState.values()) + ", got '" + value + "'");
        }
    }
}
