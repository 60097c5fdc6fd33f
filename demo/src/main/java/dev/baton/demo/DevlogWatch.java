package dev.baton.demo;

import dev.baton.client.BatonClient;
import dev.baton.client.BatonException;
import dev.baton.client.DevlogPost;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Says so when the writer publishes a devlog post (a new post, or a new version of the day's
 * post): its slug, version, title, how many items it names, and where its files are. Asks the
 * writer's {@code GET /devlogs} every few seconds; posts that were there before the demo started
 * are counted, not announced.
 */
final class DevlogWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("demo.devlog");

    private final BatonClient client;
    private final Path blogDir;
    private final Set<String> seen = new HashSet<>();
    private boolean first = true;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread thread = new Thread(r, "devlog");
        thread.setDaemon(true);
        return thread;
    });

    DevlogWatch(BatonClient client, Path blogDir) {
        this.client = client;
        this.blogDir = blogDir;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::look, 0, 5, TimeUnit.SECONDS);
    }

    private void look() {
        final List<DevlogPost> posts;
        try {
            posts = client.withRetry(dev.baton.client.RetryPolicy.none()).devlogs();
        } catch (BatonException e) {
            return; // the writer is starting or busy: look again next time
        }
        int fresh = 0;
        for (DevlogPost post : posts) {
            if (!seen.add(post.slug() + "/v" + post.version())) {
                continue;
            }
            fresh++;
            if (!first) {
                announce(post);
            }
        }
        if (first) {
            LOG.info(DemoMain.line("demo.devlog status=watching posts-so-far=%d", fresh));
            first = false;
        }
    }

    private void announce(DevlogPost listed) {
        DevlogPost post = listed;
        try {
            post = client.devlog(listed.date());
        } catch (BatonException e) {
            // the listing says enough
        }
        LOG.info(DemoMain.line(
                "demo.devlog status=published slug=%s version=%s items=%d title=\"%s\"",
                post.slug(), post.version(), post.itemIds().size(), post.title()));
        LOG.info(DemoMain.line(
                "demo.devlog slug=%s files=%s and %s",
                post.slug(),
                blogDir.resolve("_markdown").resolve(post.slug() + ".md"),
                blogDir.resolve(post.slug() + ".mdx")));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
