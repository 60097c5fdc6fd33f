package dev.baton.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One HTTP call with retries, over the instances of a service. Every attempt of a call is the
 * same request, with the same {@code Idempotency-Key}, whichever instance it goes to, so the
 * service can tell a retry from a new call. Retried, on the next instance when there are several:
 * no answer (refused, reset, timed out) and 502/503/504; any other answer is returned to the
 * caller.
 */
final class Http {

    /** An answer: the status and the body, and which call it answers (for messages). */
    record Answer(String call, int status, String contentType, byte[] body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final HttpClient client;
    private final Duration requestTimeout;
    private final RetryPolicy policy;
    private final RetryListener listener;
    /** The bearer token every call carries, or {@code null} for none. */
    private final String token;

    Http(HttpClient client, Duration requestTimeout, RetryPolicy policy, RetryListener listener, String token) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.policy = policy;
        this.listener = listener;
        this.token = token;
    }

    Http withPolicy(RetryPolicy other) {
        return new Http(client, requestTimeout, other, listener, token);
    }

    Http withToken(String other) {
        return new Http(client, requestTimeout, policy, listener, other);
    }

    RetryPolicy policy() {
        return policy;
    }

    /**
     * Sends {@code method pathAndQuery} to an instance of {@code service} with an optional JSON
     * {@code body} until it is answered or the policy's deadline passes. {@code extraTimeout}
     * lengthens each attempt's timeout (a long poll is allowed to take its wait).
     *
     * <p>An instance that does not answer is left for the next one at once, with the same request
     * id; only when every instance has failed in turn does the call back off. The first round over
     * the instances is always made, so a call without retries still tries each instance once.
     */
    Answer send(
            String method,
            Instances service,
            String pathAndQuery,
            byte[] body,
            String requestId,
            String accept,
            Duration extraTimeout) {
        final long start = System.nanoTime();
        final long deadline = start + policy.deadline().toNanos();
        int attempts = 0;
        // Rounds over the instances, not attempts, set the backoff: two instances do not double it.
        int rounds = 1;
        int instance = service.current();
        int untried = service.size() - 1;
        boolean firstRound = true;
        while (true) {
            attempts++;
            final URI uri = service.resolve(instance, pathAndQuery);
            final String call = method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
            String failure;
            int lastStatus = 0;
            Duration retryAfter = Duration.ZERO;
            Throwable cause = null;
            try {
                final HttpResponse<byte[]> response = client.send(
                        request(method, uri, body, requestId, accept, extraTimeout),
                        HttpResponse.BodyHandlers.ofByteArray());
                final Answer answer = new Answer(
                        call,
                        response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""),
                        response.body());
                if (!retryable(answer.status())) {
                    return answer;
                }
                lastStatus = answer.status();
                failure = "answered " + answer.status();
                retryAfter = retryAfter(response);
            } catch (IOException e) {
                failure = describe(e);
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException(call + " interrupted", 0, attempts, since(start), e);
            }
            service.movePast(instance);
            final int next = (instance + 1) % service.size();
            if (untried > 0 && (firstRound || System.nanoTime() < deadline)) {
                // Another instance may answer now: no reason to wait before asking it.
                untried--;
                instance = next;
                if (listener != null) {
                    listener.retrying(call, attempts, Duration.ZERO, failure + "; trying " + service.at(next));
                }
                continue;
            }
            // The service's Retry-After is honoured as given; the deadline below still bounds the wait.
            final Duration delay = max(jitter(policy.backoff(rounds)), retryAfter);
            if (System.nanoTime() + delay.toNanos() >= deadline) {
                throw new UnavailableException(
                        call + " got no answer: " + failure + " (" + attempts
                                + (attempts == 1 ? " attempt" : " attempts") + " in " + seconds(since(start))
                                + (service.size() > 1 ? " over " + service.size() + " instances" : "") + ")",
                        lastStatus,
                        attempts,
                        since(start),
                        cause);
            }
            if (listener != null) {
                listener.retrying(call, attempts, delay, failure);
            }
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException(
                        call + " interrupted while waiting to retry", lastStatus, attempts, since(start), e);
            }
            firstRound = false;
            rounds++;
            untried = service.size() - 1;
            instance = next;
        }
    }

    private HttpRequest request(
            String method, URI uri, byte[] body, String requestId, String accept, Duration extraTimeout) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout.plus(extraTimeout))
                .header("Accept", accept);
        if (requestId != null) {
            builder.header(IDEMPOTENCY_KEY, requestId);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    static boolean retryable(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .map(value -> {
                    try {
                        return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
                    } catch (NumberFormatException e) {
                        return Duration.ZERO; // an HTTP date: rare here, and the backoff covers it
                    }
                })
                .orElse(Duration.ZERO);
    }

    private static String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        final String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Half to all of the backoff, so agents that lost the service together do not return together. */
    private static Duration jitter(Duration backoff) {
        final long millis = backoff.toMillis();
        return millis <= 1
                ? backoff
                : Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
