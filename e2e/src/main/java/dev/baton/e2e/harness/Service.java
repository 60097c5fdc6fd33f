package dev.baton.e2e.harness;

/** The three services, as {@code ./baton up} names them and finds their jars. */
public enum Service {
    BACKLOG("backlog", "BATON_BACKLOG_PORT"),
    CLAIM("claim", "BATON_CLAIM_PORT"),
    WRITER("writer", "BATON_WRITER_PORT");

    private final String shortName;
    private final String portVariable;

    Service(String shortName, String portVariable) {
        this.shortName = shortName;
        this.portVariable = portVariable;
    }

    /** The name in logs and log files: {@code backlog}, {@code claim}, {@code writer}. */
    public String shortName() {
        return shortName;
    }

    /** The environment variable that carries its HTTP port. */
    public String portVariable() {
        return portVariable;
    }

    /** Its Quarkus application, relative to the repository root. */
    public String jar() {
        return shortName + "-service/target/quarkus-app/quarkus-run.jar";
    }
}
