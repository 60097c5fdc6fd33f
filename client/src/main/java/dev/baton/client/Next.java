package dev.baton.client;

import java.util.List;

/**
 * What to claim next: items of these {@code types} (empty = any), up to {@code max} at once
 * (1-100), each under a lease of {@code leaseSeconds} (null = the item's own or the service's
 * default), waiting up to {@code waitSeconds} (0-60) for one to become ready.
 */
public record Next(List<String> types, int max, Integer leaseSeconds, int waitSeconds) {

    public Next {
        types = types == null ? List.of() : List.copyOf(types);
    }

    /** One item of any of these types (none = any type), no waiting. */
    public static Next of(String... types) {
        return new Next(List.of(types), 1, null, 0);
    }

    public Next max(int value) {
        return new Next(types, value, leaseSeconds, waitSeconds);
    }

    public Next leaseSeconds(Integer value) {
        return new Next(types, max, value, waitSeconds);
    }

    public Next waitSeconds(int value) {
        return new Next(types, max, leaseSeconds, value);
    }
}
