package dev.baton.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The flags of {@code ./baton up}, each with the environment variable that sets it when the flag
 * is not given, checked as a whole before anything starts. {@code --rebuild} and
 * {@code --no-build} are the script's (it builds before it runs the launcher) and never get here.
 *
 * @param dataDir the data folder as given; relative to the caller's working folder
 * @param ports each service's HTTP port
 * @param writerSchedule {@code BATON_WRITER_SCHEDULE} as set, or {@code null}
 * @param kafkaAuth {@code --kafka-auth}: the broker asks for SASL/SCRAM and holds each service to its ACLs
 * @param replicas {@code --replicas N}: how many instances of the backlog, claim and writer services run
 */
public record UpOptions(
        String dataDir,
        int kafkaPort,
        Map<Service, Integer> ports,
        int partitions,
        boolean quiet,
        boolean demo,
        boolean help,
        String writerSchedule,
        boolean kafkaAuth,
        int replicas) {

    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
    private static final Pattern PARTITIONS = Pattern.compile("[1-9][0-9]{0,3}");
    private static final int MAX_PORT = 65535;
    /** Each instance is a JVM of its own on this one machine: more than nine of each is a mistake, not a plan. */
    public static final int MAX_REPLICAS = 9;

    private static final Pattern REPLICAS = Pattern.compile("[1-9]");

    public UpOptions {
        ports = Map.copyOf(ports);
    }

    /** Reads the flags, with the environment's {@code BATON_*} variables as defaults; {@code defaultDataDir} otherwise. */
    public static UpOptions parse(List<String> args, Map<String, String> env, Path defaultDataDir) throws UsageError {
        String dataDir = env.getOrDefault("BATON_DATA_DIR", defaultDataDir.toString());
        String kafkaPort = env.getOrDefault("BATON_KAFKA_PORT", Integer.toString(StackPlan.DEFAULT_KAFKA_PORT));
        final Map<Service, String> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, env.getOrDefault(service.portVariable(), Integer.toString(service.defaultPort())));
        }
        String partitions = env.getOrDefault("BATON_PARTITIONS", Integer.toString(StackPlan.DEFAULT_PARTITIONS));
        String replicas = env.getOrDefault("BATON_REPLICAS", "1");
        boolean quiet = false;
        boolean demo = false;
        boolean help = false;
        boolean kafkaAuth = false;

        final List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            final int equals = flag.indexOf('=');
            if (flag.startsWith("--") && equals > 0) {
                rest.add(0, flag.substring(equals + 1));
                flag = flag.substring(0, equals);
                if (!takesValue(flag)) {
                    throw new UsageError("unknown flag for 'up': " + flag + "=" + rest.get(0));
                }
            }
            if (takesValue(flag)) {
                if (rest.isEmpty()) {
                    throw new UsageError(flag + " needs a value");
                }
                final String value = rest.remove(0);
                switch (flag) {
                    case "--data-dir" -> dataDir = value;
                    case "--kafka-port" -> kafkaPort = value;
                    case "--partitions" -> partitions = value;
                    case "--replicas" -> replicas = value;
                    default -> ports.put(serviceOf(flag), value);
                }
                continue;
            }
            switch (flag) {
                case "--quiet", "-q" -> quiet = true;
                case "--demo" -> demo = true;
                case "--kafka-auth" -> kafkaAuth = true;
                case "-h", "--help" -> help = true;
                default -> throw new UsageError("unknown flag for 'up': " + flag);
            }
        }

        final int kafka = port("--kafka-port", kafkaPort);
        final Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            servicePorts.put(service, port(flagOf(service), ports.get(service)));
        }
        if (kafka >= MAX_PORT) {
            throw new UsageError("--kafka-port must leave room for the controller on the next port");
        }
        if (!PARTITIONS.matcher(partitions).matches()) {
            throw new UsageError("--partitions must be a positive number, got '" + partitions + "'");
        }
        if (!REPLICAS.matcher(replicas).matches()) {
            throw new UsageError("--replicas must be a number from 1 to " + MAX_REPLICAS + ", got '" + replicas + "'");
        }
        if (dataDir.isEmpty()) {
            throw new UsageError("--data-dir must not be empty");
        }
        return new UpOptions(
                dataDir,
                kafka,
                servicePorts,
                Integer.parseInt(partitions),
                quiet,
                demo,
                help,
                env.get("BATON_WRITER_SCHEDULE"),
                kafkaAuth,
                Integer.parseInt(replicas));
    }

    /** The flag that sets the service's port: {@code --backlog-port}, {@code --claim-port}, {@code --writer-port}. */
    public static String flagOf(Service service) {
        return "--" + service.shortName() + "-port";
    }

    /** The writer's schedule the stack runs with: as set, else under {@code --demo} a short day, else the writer's own. */
    public String effectiveWriterSchedule() {
        return writerSchedule != null ? writerSchedule : demo ? StackPlan.DEMO_WRITER_SCHEDULE : null;
    }

    /** The plan of the stack these options describe, with its folders resolved from {@code workingDir}. */
    public StackPlan.Builder plan(Path root, Path workingDir) {
        final StackPlan.Builder plan = StackPlan.builder()
                .root(root)
                .dataDir(workingDir.resolve(dataDir).toAbsolutePath().normalize())
                .kafkaPort(kafkaPort)
                .partitions(partitions)
                .kafkaAuth(kafkaAuth);
        ports.forEach(plan::port);
        for (Service service : Service.REPLICATED) {
            plan.replicas(service, replicas);
        }
        final String schedule = effectiveWriterSchedule();
        if (demo && schedule != null) {
            plan.setting("BATON_WRITER_SCHEDULE", schedule);
        }
        return plan;
    }

    public int port(Service service) {
        return Objects.requireNonNull(ports.get(service));
    }

    private static boolean takesValue(String flag) {
        return flag.equals("--data-dir")
                || flag.equals("--kafka-port")
                || flag.equals("--partitions")
                || flag.equals("--replicas")
                || serviceOfOrNull(flag) != null;
    }

    private static Service serviceOf(String flag) {
        return Objects.requireNonNull(serviceOfOrNull(flag));
    }

    private static Service serviceOfOrNull(String flag) {
        for (Service service : Service.values()) {
            if (flagOf(service).equals(flag)) {
                return service;
            }
        }
        return null;
    }

    private static int port(String flag, String value) throws UsageError {
        if (!PORT.matcher(value).matches() || Integer.parseInt(value) > MAX_PORT) {
            throw new UsageError(flag + " must be a port number (1-65535), got '" + value + "'");
        }
        return Integer.parseInt(value);
    }
}
