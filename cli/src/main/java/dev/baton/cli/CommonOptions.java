package dev.baton.cli;

import dev.baton.client.BatonClient;
import dev.baton.client.RetryListener;
import dev.baton.client.RetryPolicy;
import dev.baton.identity.LocalIdentity;
import dev.baton.identity.Role;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options every command takes: where the services are, which agent is calling (and with which
 * token: {@code BATON_TOKEN}, else one minted from a local stack's key pair), how long a
 * call may take and keep being retried, and whether to print JSON. Each falls back to the same
 * environment variables as {@code ./baton up}, so a shell that started Baton can talk to it.
 */
@Command(
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done",
            "1:error: no answer within the retry deadline, or an unexpected one",
            "2:invalid: a usage error, or the service's 400 (the message names the flag)",
            "3:nothing to do: next found no work",
            "4:rejected: 409, or 404 for an unknown item"
        })
final class CommonOptions {

    @ArgGroup(validate = false, heading = "%nEvery command:%n", order = 100)
    Every every = new Every();

    /** The options themselves, in a group of their own so that help shows them apart from a command's. */
    static final class Every {

        @Option(names = "--json", description = "print JSON for scripts instead of a table", order = 1)
        boolean json;

        @Option(
                names = "--backlog",
                paramLabel = "URL",
                order = 2,
                split = ",",
                description = {
                    "backlog service; several instances comma-separated",
                    "[BATON_BACKLOG_URL, else http://127.0.0.1:$BATON_BACKLOG_PORT, :8080]"
                })
        List<URI> backlog;

        @Option(
                names = "--claims",
                paramLabel = "URL",
                order = 3,
                split = ",",
                description = {
                    "claim-service; several instances comma-separated",
                    "[BATON_CLAIM_URL, else http://127.0.0.1:$BATON_CLAIM_PORT, :8081]"
                })
        List<URI> claims;

        @Option(
                names = "--writer",
                paramLabel = "URL",
                order = 4,
                split = ",",
                description = {
                    "writer service; several instances comma-separated",
                    "[BATON_WRITER_URL, else http://127.0.0.1:$BATON_WRITER_PORT, :8082]"
                })
        List<URI> writer;

        @Option(
                names = "--agent",
                paramLabel = "NAME",
                order = 5,
                description = "the agent to claim as   [BATON_AGENT, else BATON_TOKEN's subject, else user@host]")
        String agent;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                order = 6,
                description = "one attempt's time limit (a long poll adds its wait)   [30]")
        Integer timeout;

        // A string, not a number: BATON_RETRY_DEADLINE is read and checked the same way.
        @Option(
                names = "--retry-deadline",
                paramLabel = "SECONDS",
                order = 7,
                description = {
                    "keep retrying an unanswered call this long, with the same request id",
                    "[BATON_RETRY_DEADLINE, else 60]"
                })
        String retryDeadline;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                order = 8,
                description = "show this help")
        boolean help;
    }

    boolean json() {
        return every != null && every.json;
    }

    /** The client these options describe, reporting each retry to {@code onRetry}. */
    BatonClient client(Map<String, String> env, RetryListener onRetry) {
        final Every options = every == null ? new Every() : every;
        final BatonClient.Builder builder =
                BatonClient.builder().fromEnvironment(withLocalInstances(env)).onRetry(onRetry);
        // Several instances of a service: a call one does not answer goes to the next, same request id.
        if (present(options.backlog)) {
            builder.backlog(options.backlog);
        }
        if (present(options.claims)) {
            builder.claims(options.claims);
        }
        if (present(options.writer)) {
            builder.writer(options.writer);
        }
        final String given = env.get("BATON_TOKEN");
        if (given == null || given.isBlank()) {
            final String agent = options.agent != null ? options.agent : defaultAgent(env);
            builder.agent(agent);
            // A local stack: this command mints its own token from the stack's key pair, for the
            // agent it claims as, with every role, as the person who started the stack may.
            LocalIdentity.find(dataDir(env))
                    .ifPresent(identity -> builder.token(identity.minter().mint(agent, Role.ALL, OWN_TOKEN_TTL)));
        } else if (options.agent != null || present(env.get("BATON_AGENT"))) {
            builder.agent(options.agent != null ? options.agent : env.get("BATON_AGENT"));
        }
        // else: the client claims as the token's subject, the only agent the services let it be
        if (options.timeout != null) {
            if (options.timeout < 1) {
                throw new UsageException("--timeout must be at least 1, got " + options.timeout);
            }
            builder.requestTimeout(Duration.ofSeconds(options.timeout));
        }
        final String deadline = options.retryDeadline != null ? options.retryDeadline : env.get("BATON_RETRY_DEADLINE");
        if (deadline != null) {
            final int seconds;
            try {
                seconds = Integer.parseInt(deadline.strip());
            } catch (NumberFormatException e) {
                throw new UsageException("--retry-deadline must be a whole number of seconds, got '" + deadline + "'");
            }
            if (seconds < 0) {
                throw new UsageException("--retry-deadline must not be negative, got " + seconds);
            }
            builder.retry(RetryPolicy.defaults().withDeadline(Duration.ofSeconds(seconds)));
        }
        return builder.build();
    }

    /** What {@code ./baton up} writes into the data folder: every instance of each service (StackPlan). */
    static final String INSTANCES_FILE = "instances.properties";

    private static final List<String[]> SERVICES = List.of(
            new String[] {"BATON_BACKLOG_URL", "BATON_BACKLOG_PORT"},
            new String[] {"BATON_CLAIM_URL", "BATON_CLAIM_PORT"},
            new String[] {"BATON_WRITER_URL", "BATON_WRITER_PORT"});

    /**
     * The environment, with the instances a local stack runs for each service that neither its URL
     * nor its port variable names: {@code ./baton up --replicas 2} then needs no setting, and a
     * command still answers after one instance is killed.
     */
    static Map<String, String> withLocalInstances(Map<String, String> env) {
        final Path file = dataDir(env).resolve(INSTANCES_FILE);
        if (!Files.isRegularFile(file)) {
            return env;
        }
        final Properties local = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            local.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return env; // half written, or not ours: the defaults still reach replica 1
        }
        final Map<String, String> merged = new HashMap<>(env);
        for (String[] service : SERVICES) {
            final String urls = local.getProperty(service[0]);
            if (urls != null && !present(env.get(service[0])) && !present(env.get(service[1]))) {
                merged.put(service[0], urls);
            }
        }
        return merged;
    }

    /** Long enough for a long poll and its retries; a command mints a new one each time. */
    static final Duration OWN_TOKEN_TTL = Duration.ofHours(1);

    /** The data folder of a local stack: BATON_DATA_DIR ({@code ./baton} sets it), else {@code ./data}. */
    static Path dataDir(Map<String, String> env) {
        final String dir = env.get("BATON_DATA_DIR");
        return Path.of(present(dir) ? dir.strip() : "data");
    }

    private static boolean present(List<URI> urls) {
        return urls != null && !urls.isEmpty();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** BATON_AGENT, else user@host: the same in every call from one shell, so next and complete agree. */
    private static String defaultAgent(Map<String, String> env) {
        final String named = env.get("BATON_AGENT");
        if (named != null && !named.isBlank()) {
            return named;
        }
        String user = env.getOrDefault("USER", System.getProperty("user.name", "cli"));
        if (user == null || user.isBlank()) {
            user = "cli";
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return user + "@" + host;
    }
}
