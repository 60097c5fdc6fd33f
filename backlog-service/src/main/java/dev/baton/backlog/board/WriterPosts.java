package dev.baton.backlog.board;

import dev.baton.contracts.http.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The devlog as the writer's public API serves it, asked with the viewer's own token: the backlog
 * service meets the writer only through that API, and the viewer sees only what the viewer may.
 * The addresses are tried in order (the client's rule for several replicas); a writer nobody
 * reaches is a 502 problem for that panel, not a failure of the board.
 */
@ApplicationScoped
public class WriterPosts {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @ConfigProperty(name = "baton.board.writer-url")
    String writerUrls;

    /** The writer's answer as it came: status, content type and body. */
    public record Answer(int status, String contentType, String body) {}

    /** Thrown when no writer address answered. */
    public static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }

        public Problem problem() {
            return Problem.of("writer-unreachable", "The writer-service did not answer", 502, getMessage());
        }
    }

    public CompletableFuture<Answer> get(String pathAndQuery, String authorization) {
        return attempt(urls(), 0, pathAndQuery, authorization);
    }

    private CompletableFuture<Answer> attempt(List<URI> urls, int index, String pathAndQuery, String authorization) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(
                        urls.get(index).resolve(pathAndQuery))
                .timeout(TIMEOUT)
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Answer(
                        response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse("application/json"),
                        response.body()))
                .handle((answer, error) -> {
                    final Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    final boolean away = cause instanceof IOException
                            || (answer != null && (answer.status() == 502 || answer.status() == 503));
                    if (!away) {
                        return CompletableFuture.completedFuture(answer);
                    }
                    if (index + 1 < urls.size()) {
                        return attempt(urls, index + 1, pathAndQuery, authorization);
                    }
                    if (answer != null) {
                        return CompletableFuture.completedFuture(answer);
                    }
                    return CompletableFuture.<Answer>failedFuture(new Unreachable(
                            cause instanceof HttpTimeoutException
                                    ? "the writer-service did not answer within " + TIMEOUT.toSeconds() + " s"
                                    : "the writer-service is not reachable at " + urls));
                })
                .thenCompose(next -> next);
    }

    private List<URI> urls() {
        return Arrays.stream(writerUrls.split(","))
                .map(String::strip)
                .filter(url -> !url.isEmpty())
                .map(url -> URI.create(url.endsWith("/") ? url : url + "/"))
                .toList();
    }
}
