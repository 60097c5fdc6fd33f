package dev.baton.e2e.agent;

import dev.baton.client.BatonClient;
import dev.baton.client.RetryPolicy;
import dev.baton.client.UnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The agent's calls over several claim-service instances: a call an instance does not answer goes
 * to the next one with the same request id, so an instance that did apply it answers the repeat
 * from what it remembers. Stands in for the client's own failover
 * ({@code BatonClient.Builder.claims(URI first, URI... more)}) until that is merged; to be replaced by it.
 *
 * <p>With one instance it is the client as before, under its own retry policy.
 */
final class ClaimInstances {

    /** How long one instance is given before the call moves on: long enough for a retry or two. */
    private static final Duration PER_INSTANCE = Duration.ofSeconds(1);

    /** How long a call goes on trying every instance in turn, as the client's own retry deadline. */
    private static final Duration GIVE_UP = RetryPolicy.defaults().deadline();

    private final List<BatonClient> clients;
    private int current;

    private ClaimInstances(List<BatonClient> clients) {
        this.clients = List.copyOf(clients);
    }

    /** One client per URL of {@code urls} (comma-separated), built from {@code builder} with the URL as its claims. */
    static ClaimInstances of(String urls, BatonClient.Builder builder) {
        final String[] each = urls.split(",");
        final List<BatonClient> clients = new ArrayList<>();
        for (String url : each) {
            builder.claims(URI.create(url.trim()));
            if (each.length > 1) {
                builder.retry(RetryPolicy.defaults().withDeadline(PER_INSTANCE));
            }
            clients.add(builder.build());
        }
        return new ClaimInstances(clients);
    }

    String agent() {
        return clients.get(0).agent();
    }

    /** Makes the call with one request id on the instance that last answered, then on the others in turn. */
    synchronized <T> T call(BiFunction<BatonClient, String, T> call) {
        final String requestId = BatonClient.newRequestId();
        final long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (true) {
            try {
                return call.apply(clients.get(current), requestId);
            } catch (UnavailableException e) {
                if (clients.size() == 1 || System.nanoTime() > deadline) {
                    throw e;
                }
                current = (current + 1) % clients.size();
            }
        }
    }
}
