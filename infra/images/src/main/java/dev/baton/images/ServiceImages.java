package dev.baton.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds each service's container image without a Docker daemon, a registry or a base image to
 * pull: Jib's core library assembles it from scratch out of four layers, from the least to the
 * most often changed, so that a new build of the code ships one small layer.
 *
 * <ol>
 * <li>{@code os}: the C libraries a Java runtime needs (glibc, libstdc++ for RocksDB, zlib),
 * copied from the build machine, which must be a glibc Linux of the image's architecture; a
 * user {@code baton} (185) and its group.</li>
 * <li>{@code java}: a Java runtime made with {@code jlink} from the building JDK's modules.</li>
 * <li>{@code dependencies} and {@code application}: Quarkus' {@code quarkus-app} folder, its
 * libraries apart from its own classes.</li>
 * </ol>
 *
 * <p>Each image is written as an OCI image archive, {@code <service>.tar} (load it with
 * {@code kind load image-archive} or {@code podman load}, push it with {@code skopeo}:
 * docs/kubernetes.md, "Images").
 */
public final class ServiceImages {

    /** The services, the port each listens on. */
    static final Map<String, Integer> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("claim-service", 8081);
        SERVICES.put("backlog-service", 8080);
        SERVICES.put("writer-service", 8082);
    }

    /** What a Quarkus service uses of the JDK; modules a newer JDK has folded into java.base are left out. */
    private static final List<String> MODULES = List.of("java.se", "jdk.unsupported", "jdk.crypto.ec",
            "jdk.crypto.cryptoki", "jdk.management", "jdk.naming.dns", "jdk.zipfs", "jdk.security.auth",
            "jdk.security.jgss", "jdk.jfr");
    /** The shared libraries the runtime, RocksDB and the compression codecs link against. */
    private static final List<String> LIBRARIES = List.of("libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2",
            "librt.so.1", "libz.so.1", "libstdc++.so.6", "libgcc_s.so.1");
    private static final AbsoluteUnixPath JAVA_HOME = AbsoluteUnixPath.get("/opt/java");
    private static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/deployments");
    private static final String USER = "185";

    private ServiceImages() {
    }

    /** {@code <repository root> <output folder> <version> [service ...]}. */
    public static void main(String[] args) throws Exception {
        final Path root = Path.of(args[0]);
        final Path out = Path.of(args[1]);
        final String version = args[2];
        final List<String> services = args.length > 3 ? List.of(args).subList(3, args.length)
                : List.copyOf(SERVICES.keySet());
        Files.createDirectories(out);
        final Path work = out.resolveSibling("image-work");
        final Path jre = jlink(work.resolve("java"));
        final FileEntriesLayer os = osLayer(work.resolve("os"));
        final FileEntriesLayer java = tree("java", jre, JAVA_HOME);
        for (String service : services) {
            final Path app = root.resolve(service).resolve("target/quarkus-app");
            if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(app + " is not built: package " + service + " first");
            }
            final String reference = "baton/" + service + ":" + version;
            final Path tar = out.resolve(service + ".tar");
            build(service, version, app, os, java).containerize(Containerizer
                    .to(TarImage.at(tar).named(ImageReference.parse(reference)))
                    .setBaseImageLayersCache(work.resolve("cache"))
                    .setApplicationLayersCache(work.resolve("cache"))
                    .setOfflineMode(true)
                    .setToolName("baton-images"));
            System.out.printf(Locale.ROOT, "baton.image status=built image=%s file=%s bytes=%d%n", reference, tar,
                    Files.size(tar));
        }
    }

    static JibContainerBuilder build(String service, String version, Path app, FileEntriesLayer os,
            FileEntriesLayer java) throws IOException {
        final Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JAVA_HOME", JAVA_HOME.toString());
        environment.put("PATH", JAVA_HOME + "/bin");
        environment.put("LANG", "C.UTF-8");
        return Jib.fromScratch()
                .setFormat(ImageFormat.OCI)
                .addFileEntriesLayer(os)
                .addFileEntriesLayer(java)
                .addFileEntriesLayer(tree("dependencies", app.resolve("lib"), APP.resolve("lib")))
                .addFileEntriesLayer(application(app))
                .setEnvironment(environment)
                .setEntrypoint(JAVA_HOME + "/bin/java", "-jar", APP + "/quarkus-run.jar")
                .setWorkingDirectory(APP)
                .setUser(USER)
                .setExposedPorts(Set.of(Port.tcp(SERVICES.get(service))))
                .addLabel("org.opencontainers.image.title", service)
                .addLabel("org.opencontainers.image.version", version)
                .addLabel("org.opencontainers.image.description", "Baton " + service)
                // A fixed date: the same inputs make the same image, layer for layer.
                .setCreationTime(Instant.EPOCH);
    }

    /** A runtime of the building JDK's modules, made once per build. */
    static Path jlink(Path output) throws IOException {
        if (Files.isDirectory(output)) {
            try (Stream<Path> files = Files.walk(output)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(output.getParent());
        final ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new IllegalStateException("no jlink: build the images with a JDK"));
        final List<String> modules = MODULES.stream()
                .filter(m -> ModuleFinder.ofSystem().find(m).isPresent()).toList();
        final List<String> args = new ArrayList<>(List.of("--add-modules", String.join(",", modules),
                "--strip-debug", "--no-header-files", "--no-man-pages",
                "--compress", Runtime.version().feature() >= 21 ? "zip-6" : "2",
                "--output", output.toString()));
        final StringWriter log = new StringWriter();
        final int status = jlink.run(new PrintWriter(log), new PrintWriter(log), args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("jlink failed (" + status + "): " + log);
        }
        return output;
    }

    /** The C libraries and the loader at the paths the runtime looks for them, and the image's user. */
    static FileEntriesLayer osLayer(Path work) throws IOException {
        final String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> throw new IllegalStateException("no image for architecture " + System.getProperty("os.arch"));
        };
        final String multiarch = arch + "-linux-gnu";
        final String loader = arch.equals("x86_64") ? "/lib64/ld-linux-x86-64.so.2" : "/lib/ld-linux-aarch64.so.1";
        final FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("os");
        for (String library : LIBRARIES) {
            final Path found = find(library, List.of("/lib/" + multiarch, "/usr/lib/" + multiarch, "/lib64", "/usr/lib64"));
            layer.addEntry(found.toRealPath(), AbsoluteUnixPath.get("/lib/" + multiarch + "/" + library),
                    FilePermissions.fromOctalString("755"));
        }
        layer.addEntry(Path.of(loader).toRealPath(), AbsoluteUnixPath.get(loader), FilePermissions.fromOctalString("755"));
        Files.createDirectories(work);
        final Path passwd = write(work.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
                + "baton:x:" + USER + ":" + USER + ":Baton:" + APP + ":/sbin/nologin\n");
        final Path group = write(work.resolve("group"), "root:x:0:\nbaton:x:" + USER + ":\n");
        final Path nsswitch = write(work.resolve("nsswitch.conf"), "hosts: files dns\n");
        final Path empty = Files.createDirectories(work.resolve("empty"));
        layer.addEntry(passwd, AbsoluteUnixPath.get("/etc/passwd"), FilePermissions.fromOctalString("644"));
        layer.addEntry(group, AbsoluteUnixPath.get("/etc/group"), FilePermissions.fromOctalString("644"));
        layer.addEntry(nsswitch, AbsoluteUnixPath.get("/etc/nsswitch.conf"), FilePermissions.fromOctalString("644"));
        // Mounted over on Kubernetes (an emptyDir), but a container run by hand needs one too.
        layer.addEntry(empty, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"));
        return layer.build();
    }

    /** The application's own files, apart from its libraries. */
    private static FileEntriesLayer application(Path app) throws IOException {
        final FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("application");
        try (Stream<Path> entries = Files.list(app)) {
            for (Path entry : entries.sorted().toList()) {
                if (!entry.getFileName().toString().equals("lib")) {
                    addTree(layer, entry, APP.resolve(entry.getFileName().toString()));
                }
            }
        }
        return layer.build();
    }

    private static FileEntriesLayer tree(String name, Path source, AbsoluteUnixPath target) throws IOException {
        final FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        addTree(layer, source, target);
        return layer.build();
    }

    /** A file or folder with its files' permissions as they are (executables stay executable). */
    private static void addTree(FileEntriesLayer.Builder layer, Path source, AbsoluteUnixPath target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.sorted().toList()) {
                final AbsoluteUnixPath at = target.resolve(source.relativize(file).toString().replace('\\', '/'));
                final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                layer.addEntry(file, at, FilePermissions.fromPosixFilePermissions(permissions));
            }
        }
    }

    private static Path find(String library, List<String> dirs) {
        for (String dir : dirs) {
            final Path candidate = Path.of(dir, library);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(library + " not found in " + dirs
                + ": the images are built on a glibc Linux of the image's architecture");
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
