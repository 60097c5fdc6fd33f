package dev.baton.e2e.agent;

import dev.baton.client.BatonClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The agent's calls, each under one request id of its own: the client keeps that id when it
 * repeats the call, on the same instance or, when one does not answer, on the next claim-service
 * instance ({@code BatonClient.Builder.claims}), so an instance that did apply it answers the
 * repeat from what it remembers.
 */
final class ClaimInstances {

    private final BatonClient client;

    private ClaimInstances(BatonClient client) {
        this.client = client;
    }

    /** The client over every URL of {@code urls} (comma-separated), built from {@code builder}. */
    static ClaimInstances of(String urls, BatonClient.Builder builder) {
        final List<URI> instances = new ArrayList<>();
        for (String url : urls.split(",")) {
            instances.add(URI.create(url.trim()));
        }
        return new ClaimInstances(builder.claims(instances).build());
    }

    String agent() {
        return client.agent();
    }

    /** Makes the call under a request id of its own. */
    <T> T call(BiFunction<BatonClient, String, T> call) {
        return call.apply(client, BatonClient.newRequestId());
    }
}
