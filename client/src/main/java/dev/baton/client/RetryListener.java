package dev.baton.client;

import java.time.Duration;

/** Told each time the client is about to retry a call; for progress displays and logs. */
@FunctionalInterface
public interface RetryListener {

    /**
     * @param call    the call, e.g. {@code POST /claims/next}
     * @param retry   which retry this is (1 for the first)
     * @param delay   how long the client waits before it
     * @param failure what went wrong with the last attempt
     */
    void retrying(String call, int retry, Duration delay, String failure);
}
