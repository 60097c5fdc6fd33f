package dev.baton.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * A local stack's identity: the key pair in {@code <data-dir>/identity/}, {@code signing-key.pem}
 * (PKCS#8, readable by its owner only) and {@code verify-key.pem} (X.509). The services verify
 * tokens with the public key; whoever can read the private key can mint any token for this stack,
 * which on one's own machine is the person who started it.
 */
public final class LocalIdentity {

    /** The issuer of a local stack's tokens. */
    public static final String ISSUER = "baton-local";
    /** The audience every Baton service expects. */
    public static final String AUDIENCE = "baton";

    static final String FOLDER = "identity";
    static final String SIGNING_KEY = "signing-key.pem";
    static final String VERIFY_KEY = "verify-key.pem";

    private final Path folder;

    private LocalIdentity(Path folder) {
        this.folder = folder;
    }

    /** The identity in {@code dataDir}, created (a new RSA key pair) when there is none yet. */
    public static LocalIdentity ensure(Path dataDir) {
        final Path folder = dataDir.resolve(FOLDER);
        final LocalIdentity identity = new LocalIdentity(folder);
        if (Files.isRegularFile(identity.signingKey()) && Files.isRegularFile(identity.verifyKey())) {
            return identity;
        }
        try {
            Files.createDirectories(folder);
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            final KeyPair pair = generator.generateKeyPair();
            // The public key first: a folder with only a signing key would be taken as complete by nobody.
            write(identity.verifyKey(), pem("PUBLIC KEY", pair.getPublic().getEncoded()), false);
            write(identity.signingKey(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a key pair in " + folder, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK could not make an RSA key pair", e);
        }
        return identity;
    }

    /** The identity in {@code dataDir}, if a stack made one there. */
    public static Optional<LocalIdentity> find(Path dataDir) {
        final LocalIdentity identity = new LocalIdentity(dataDir.resolve(FOLDER));
        return Files.isRegularFile(identity.signingKey()) ? Optional.of(identity) : Optional.empty();
    }

    /** The public key, for {@code mp.jwt.verify.publickey.location}. */
    public Path verifyKey() {
        return folder.resolve(VERIFY_KEY);
    }

    public Path signingKey() {
        return folder.resolve(SIGNING_KEY);
    }

    /** A minter of this stack's tokens (issuer {@link #ISSUER}, audience {@link #AUDIENCE}). */
    public TokenMinter minter() {
        return minter(ISSUER, AUDIENCE);
    }

    /** A minter with this stack's key for another issuer or audience (an identity provider's, in tests). */
    public TokenMinter minter(String issuer, String audience) {
        try {
            final String text = Files.readString(signingKey(), StandardCharsets.US_ASCII);
            final String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            final PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return new TokenMinter(key, issuer, audience);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + signingKey(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(signingKey() + " is not a PKCS#8 RSA private key in PEM", e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Written whole or not at all; a private key is never readable by others, even for a moment. */
    private static void write(Path target, String text, boolean secret) throws IOException {
        final Path temporary = target.resolveSibling(target.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        if (secret && target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            try {
                Files.createFile(temporary);
            } catch (FileAlreadyExistsException e) {
                // deleted above; another starter is racing, and its file is as good as ours
            }
        }
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
