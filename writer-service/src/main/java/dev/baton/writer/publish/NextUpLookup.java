package dev.baton.writer.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.json.Json;
import dev.baton.writer.material.DevlogItems;
import dev.baton.writer.render.NextUp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The most urgent items still ready, for a post's closing line: asked of the backlog service's
 * read model ({@code GET /items?state=READY}), highest priority first, then oldest. Devlog items
 * are left out. The closing line is a courtesy: when the backlog service does not answer, the
 * post is written without it.
 */
public final class NextUpLookup {

    private static final Logger LOG = Logger.getLogger("writer.next-up");
    private static final int PAGE = 500;
    private static final int MAX_PAGES = 4;

    private final URI backlog;
    private final int count;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public NextUpLookup(URI backlog, int count) {
        this.backlog = backlog;
        this.count = count;
    }

    public List<NextUp> mostUrgent() {
        if (count <= 0) {
            return List.of();
        }
        final List<Ready> ready = new ArrayList<>();
        String cursor = null;
        try {
            for (int page = 0; page < MAX_PAGES; page++) {
                final JsonNode body = get(cursor);
                for (final JsonNode item : body.path("items")) {
                    if (!DevlogItems.TYPE.equals(item.path("type").asText())) {
                        ready.add(new Ready(new NextUp(item.path("id").asText(), item.path("title").asText(),
                                item.path("priority").asInt()), item.path("submittedAt").asText("")));
                    }
                }
                cursor = body.path("nextCursor").asText(null);
                if (cursor == null) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("writer.next-up status=unavailable backlog=%s reason=%s", backlog, e.toString());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        return ready.stream()
                .sorted(Comparator.comparingInt((Ready r) -> -r.next().priority()).thenComparing(Ready::submittedAt))
                .limit(count).map(Ready::next).toList();
    }

    private JsonNode get(String cursor) throws IOException, InterruptedException {
        String uri = backlog + "/items?state=READY&limit=" + PAGE;
        if (cursor != null) {
            uri += "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
        }
        final HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofSeconds(5)).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode());
        }
        return Json.mapper().readTree(response.body());
    }

    private record Ready(NextUp next, String submittedAt) {
    }
}
