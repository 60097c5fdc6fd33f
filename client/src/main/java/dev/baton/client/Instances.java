package dev.baton.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of one service a client may call, in the order given, and the one it calls now.
 * Calls stay on one instance while it answers (its connections stay warm); when it does not, the
 * client moves on to the next, round the list, and every later call starts there.
 *
 * <p>Shared by every copy of a client ({@link BatonClient#withAgent} and the like), so one lost
 * instance is found out once per process, not once per agent.
 */
final class Instances {

    private final String service;
    private final List<URI> all;
    private final AtomicInteger current = new AtomicInteger();

    Instances(String service, List<URI> all) {
        this.service = Objects.requireNonNull(service, "service");
        if (all.isEmpty()) {
            throw new IllegalArgumentException("the " + service + " service needs at least one URL");
        }
        final List<URI> checked = new ArrayList<>();
        for (URI uri : all) {
            checked.add(checkBase(uri, service));
        }
        this.all = List.copyOf(checked);
    }

    /** One instance, or {@code first} then {@code more}, each checked to be an http(s) base URL. */
    static Instances of(String service, URI first, URI... more) {
        final List<URI> all = new ArrayList<>();
        all.add(first);
        for (URI uri : Objects.requireNonNull(more, "more")) {
            all.add(uri);
        }
        return new Instances(service, all);
    }

    /**
     * Comma-separated base URLs ({@code http://a:8081,http://b:8091}), as the environment and the
     * command line give them; {@code what} names the source in the error.
     */
    static List<URI> parse(String urls, String what) {
        final List<URI> all = new ArrayList<>();
        for (String part : urls.split(",", -1)) {
            final String url = part.strip();
            if (url.isEmpty()) {
                throw new IllegalArgumentException(what + " has an empty URL in '" + urls + "'");
            }
            try {
                all.add(URI.create(url));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " is not a URL: " + url, e);
            }
        }
        return all;
    }

    String service() {
        return service;
    }

    List<URI> all() {
        return all;
    }

    int size() {
        return all.size();
    }

    /** The index of the instance calls go to now. */
    int current() {
        return current.get();
    }

    URI at(int index) {
        return all.get(index);
    }

    /**
     * The instance at {@code index} did not answer: later calls go to the next one. A no-op when
     * another call has moved on already, so two calls failing together skip one instance, not two.
     */
    int movePast(int index) {
        final int next = (index + 1) % all.size();
        current.compareAndSet(index, next);
        return next;
    }

    /** {@code base} with {@code pathAndQuery} after it, a trailing slash of the base dropped. */
    URI resolve(int index, String pathAndQuery) {
        final String root = all.get(index).toString().replaceAll("/+$", "");
        return URI.create(root + pathAndQuery);
    }

    private static URI checkBase(URI value, String what) {
        Objects.requireNonNull(value, what);
        if (!"http".equals(value.getScheme()) && !"https".equals(value.getScheme()) || value.getHost() == null) {
            throw new IllegalArgumentException("the " + what + " URL must be http(s)://host[:port], got " + value);
        }
        return value;
    }
}
