package dev.baton.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One claimed item as a {@link Worker}'s handler sees it. The worker heartbeats for it; the
 * handler may report progress (sent with the next heartbeat) and should stop soon after the
 * lease is lost: its thread is interrupted then, and {@link #leaseLost()} turns true.
 */
public final class Task {

    private final Grant grant;
    private final Lease lease;

    Task(Grant grant, Lease lease) {
        this.grant = grant;
        this.lease = lease;
    }

    public Grant grant() {
        return grant;
    }

    public String itemId() {
        return grant.itemId();
    }

    public long epoch() {
        return grant.epoch();
    }

    public Grant.Work item() {
        return grant.item();
    }

    /** The item's payload, or a missing node when it has none. */
    public JsonNode payload() {
        final JsonNode payload = grant.item() == null ? null : grant.item().payload();
        return payload == null ? Wire.MAPPER.missingNode() : payload;
    }

    /** A line on how the work is going, sent with the next heartbeat. */
    public void progress(String text) {
        lease.progress(text);
    }

    /** True once another agent may hold the item: the handler's result will not be reported. */
    public boolean leaseLost() {
        return lease.lost();
    }
}
