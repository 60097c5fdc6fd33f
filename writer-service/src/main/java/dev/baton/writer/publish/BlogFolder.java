package dev.baton.writer.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The folder posts are written to, laid out like a Docusaurus {@code blog/} folder:
 *
 * <pre>
 * blog/2026-02-05-devlog.mdx             the Docusaurus post
 * blog/_markdown/2026-02-05-devlog.md    the plain Markdown post
 * </pre>
 *
 * The plain Markdown sits under {@code _markdown/}: Docusaurus skips folders whose name starts
 * with an underscore, so the folder can be a site's {@code blog/} as it is, without two posts per
 * day. Each file is written whole or not at all: the text goes to a temporary file beside it,
 * is forced to disk, and is renamed over the old one.
 */
public final class BlogFolder {

    public static final String MARKDOWN = "_markdown";

    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path root;
    private final Map<String, Integer> written = new HashMap<>();

    public BlogFolder(Path root) {
        this.root = root;
    }

    public Path mdx(String slug) {
        return root.resolve(slug + ".mdx");
    }

    public Path md(String slug) {
        return root.resolve(MARKDOWN).resolve(slug + ".md");
    }

    /**
     * Writes both renderings of the post, unless this writer has already written this version or
     * a later one and both files are there: an older version never replaces a newer one.
     */
    public synchronized void write(PublishedPost post) {
        final Integer done = written.get(post.slug());
        if (done != null && done >= post.version() && Files.exists(md(post.slug())) && Files.exists(mdx(post.slug()))) {
            return;
        }
        atomically(md(post.slug()), post.md());
        atomically(mdx(post.slug()), post.mdx());
        written.put(post.slug(), post.version());
    }

    /** Replaces {@code target} with {@code text} in one step: a reader sees the old file or the new one. */
    static void atomically(Path target, String text) {
        try {
            Files.createDirectories(target.getParent());
            final Path temp = Files.createTempFile(target.getParent(), "._" + target.getFileName(), ".tmp");
            try {
                // Readable by a site builder or web server running as another user, like any post.
                if (Files.getFileAttributeView(temp, PosixFileAttributeView.class) != null) {
                    Files.setPosixFilePermissions(temp, READABLE);
                }
                try (FileChannel out =
                        FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    final ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                    out.force(true);
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
    }
}
