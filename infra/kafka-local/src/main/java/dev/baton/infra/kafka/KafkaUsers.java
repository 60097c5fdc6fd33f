package dev.baton.infra.kafka;

import dev.baton.contracts.catalog.Access;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The SCRAM passwords of a secured local broker, kept in one file of the stack's data folder
 * ({@code <data-dir>/identity/kafka-users.properties}, mode 600, {@code user=password}): made on
 * the first secured start, read again on every later one, so the broker's stored credentials and
 * the ones the services are given stay the same. A principal added to {@link Access} since gets
 * its password on the next start; none is ever changed.
 */
public final class KafkaUsers {

    private static final int PASSWORD_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KafkaUsers() {}

    /** The broker's own user and every principal of {@link Access}. */
    public static List<String> names() {
        final List<String> names = new java.util.ArrayList<>();
        names.add(Scram.ADMIN);
        Access.all().forEach(principal -> names.add(principal.name()));
        return List.copyOf(names);
    }

    /** The passwords in {@code file}, with one made for every user that has none yet (and written back). */
    public static Map<String, String> ensure(Path file) {
        final Properties stored = new Properties();
        try {
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    stored.load(in);
                }
            }
            final Map<String, String> passwords = new LinkedHashMap<>();
            boolean added = false;
            for (String name : names()) {
                String password = stored.getProperty(name);
                if (password == null || password.isBlank()) {
                    password = newPassword();
                    stored.setProperty(name, password);
                    added = true;
                }
                passwords.put(name, password.strip());
            }
            if (added) {
                write(file, stored);
            }
            return passwords;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the Kafka users in " + file, e);
        }
    }

    private static void write(Path file, Properties passwords) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        final Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(next);
        // Readable by the stack's owner only from its first byte: these passwords are the broker's keys.
        try {
            Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(next);
        }
        try (OutputStream out = Files.newOutputStream(next, StandardOpenOption.TRUNCATE_EXISTING)) {
            passwords.store(out, "SCRAM-SHA-512 users of the local broker (./baton up --kafka-auth)");
        }
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** URL-safe Base64: never a quote or a backslash, which a JAAS line cannot hold. */
    private static String newPassword() {
        final byte[] bytes = new byte[PASSWORD_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
