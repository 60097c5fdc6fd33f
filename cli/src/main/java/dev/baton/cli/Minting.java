package dev.baton.cli;

import dev.baton.identity.LocalIdentity;
import dev.baton.identity.Role;
import dev.baton.identity.Ttl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./baton token}: a token for a local stack, signed with the key pair in its data folder. */
final class Minting {

    private Minting() {}

    @Command(
            name = "token",
            description = "print a token for this stack's services (signed with its key pair)",
            customSynopsis = "./baton token --subject NAME --role ROLE[,ROLE] [--ttl DURATION] [--data-dir DIR]")
    static final class Token implements Callable<Integer> {

        @Option(
                names = "--subject",
                paramLabel = "NAME",
                required = true,
                description = "who the token is for; for an agent, the agent's name")
        String subject;

        @Option(
                names = "--role",
                paramLabel = "ROLE",
                required = true,
                description = "agent, submitter, operator (implies reader) or reader; several with commas or again")
        List<String> roles = new ArrayList<>();

        @Option(
                names = "--ttl",
                paramLabel = "DURATION",
                description = "how long it is good for: 90s, 30m, 8h, 7d   [12h]")
        String ttl;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description = "the stack's data folder   [BATON_DATA_DIR, else ./data]")
        Path dataDir;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "show this help")
        boolean help;

        private final Console console;

        Token(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() {
            final List<String> asked = BatonCommand.split(roles);
            for (String role : asked) {
                if (!Role.known(role)) {
                    throw new UsageException(
                            "--role: no such role '" + role + "'; roles are " + String.join(", ", Role.ALL));
                }
            }
            final Duration lifetime;
            try {
                lifetime = ttl == null ? Ttl.DEFAULT : Ttl.parse(ttl);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--ttl: " + e.getMessage());
            }
            final Path folder = dataDir != null ? dataDir : CommonOptions.dataDir(console.env());
            final LocalIdentity identity = LocalIdentity.find(folder)
                    .orElseThrow(() -> new IllegalStateException("no key pair in " + folder.resolve("identity")
                            + ": start the stack once (./baton up), or name its folder with --data-dir"));
            final String token;
            try {
                token = identity.minter().mint(subject, asked, lifetime);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--subject: " + e.getMessage());
            }
            console.out().println(token);
            return BatonCli.OK;
        }
    }
}
