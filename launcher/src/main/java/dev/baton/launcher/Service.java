package dev.baton.launcher;

import java.util.List;
import java.util.Optional;

/** The services of a stack, in the order they start and the banner lists them. */
public enum Service {
    BACKLOG("backlog", "BATON_BACKLOG_PORT", 8080, "submissions and the read model"),
    CLAIM("claim", "BATON_CLAIM_PORT", 8081, "claim engine and agent API"),
    WRITER("writer", "BATON_WRITER_PORT", 8082, "daily devlog"),
    MCP("mcp", "BATON_MCP_PORT", 8083, "MCP server for LLM agents");

    /**
     * What {@code ./baton up --replicas N} runs N of: every service whose state is in Kafka. The MCP
     * server runs once: an MCP session lives in the one process that opened it, so a second
     * instance behind no sticky proxy would answer a session it never saw.
     */
    public static final List<Service> REPLICATED = List.of(BACKLOG, CLAIM, WRITER);

    private final String shortName;
    private final String portVariable;
    private final int defaultPort;
    private final String role;

    Service(String shortName, String portVariable, int defaultPort, String role) {
        this.shortName = shortName;
        this.portVariable = portVariable;
        this.defaultPort = defaultPort;
        this.role = role;
    }

    /** The name in logs, log files and the log view: {@code backlog}, {@code claim}, {@code writer}. */
    public String shortName() {
        return shortName;
    }

    /** {@code backlog-service}: the module, and the name the banner and error messages use. */
    public String moduleName() {
        return shortName + "-service";
    }

    /** The environment variable that carries its HTTP port (its flag is {@code --<short name>-port}). */
    public String portVariable() {
        return portVariable;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** What it does, in the banner's words. */
    public String role() {
        return role;
    }

    /**
     * Where its clients connect, when that is not the service's root: the MCP server's endpoint,
     * which the banner lists for an MCP client's settings.
     */
    public String endpoint() {
        return this == MCP ? "/mcp" : "";
    }

    /**
     * The Kafka principal its clients connect as on a secured broker ({@code ./baton up
     * --kafka-auth}): the name of its entry in {@code contracts/.../catalog/Access}, which is its
     * module's. None for the MCP server, which reaches Baton through the public API only.
     */
    public Optional<String> kafkaPrincipal() {
        return this == MCP ? Optional.empty() : Optional.of(moduleName());
    }

    /** Its Quarkus application, relative to the repository root. */
    public String jar() {
        return moduleName() + "/target/quarkus-app/quarkus-run.jar";
    }
}
