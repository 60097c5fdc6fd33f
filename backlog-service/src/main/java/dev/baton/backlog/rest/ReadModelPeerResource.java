package dev.baton.backlog.rest;

import dev.baton.backlog.readmodel.ItemFilter;
import dev.baton.backlog.readmodel.LocalReads;
import dev.baton.backlog.readmodel.Peers;
import dev.baton.backlog.readmodel.ReadModel;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.http.Params;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import dev.baton.http.Async;
import dev.baton.identity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What one backlog-service instance answers the others for the partitions of the read model it
 * holds ({@link Peers} asks). Only this instance's active stores are read: a key or partition not
 * held here (any more) is a 503, so the asking instance retries or says "not now" rather than
 * taking an empty part for an answer. A reader's role, as for the public reads: an instance asks
 * with its caller's token.
 */
@Path(Peers.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "internal", description = "Between backlog-service instances: the read model's parts each holds")
public class ReadModelPeerResource {

    private static final String NOT_HERE = "This instance does not hold that part now (rebalancing); retry";

    @Inject
    ReadModel readModel;

    @GET
    @RolesAllowed(Role.READER)
    @Path("/items/{id}")
    @Operation(
            summary = "An item's view as this instance holds it",
            description = "With minEpoch and/or state, waits up to waitMillis as GET /items/{id} does.")
    @APIResponse(
            responseCode = "200",
            description = "The view; no item when there is none",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Peers.Found.class)))
    @APIResponse(responseCode = "503", description = NOT_HERE)
    public CompletionStage<Response> item(
            @PathParam("id") String id,
            @QueryParam("minEpoch") String minEpochParam,
            @QueryParam("state") String stateParam,
            @QueryParam("waitMillis") String waitParam) {
        final Params params = new Params().check(out -> Rules.itemId(out, "id", id));
        final Long minEpoch = params.longValue("minEpoch", minEpochParam, 0, Long.MAX_VALUE);
        final ItemState state = params.oneOf("state", stateParam, ItemState.class);
        final Long waitMillis = params.longValue(
                "waitMillis",
                waitParam,
                0,
                Duration.ofSeconds(Limits.MAX_WAIT_SECONDS).toMillis());
        params.done();
        return Async.answer(
                readModel.awaitItemHere(id, minEpoch, state, Duration.ofMillis(waitMillis == null ? 0 : waitMillis)),
                found -> Response.ok(new Peers.Found(found.orElse(null))).build());
    }

    @GET
    @RolesAllowed(Role.READER)
    @Path("/items/{id}/events")
    @Operation(summary = "An item's history as this instance holds it")
    @APIResponse(
            responseCode = "200",
            description = "Every event of the item, oldest first; none when there is no such item",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Peers.History.class)))
    @APIResponse(responseCode = "503", description = NOT_HERE)
    public Peers.History events(@PathParam("id") String id) {
        new Params().check(out -> Rules.itemId(out, "id", id)).done();
        return Peers.History.of(readModel.historyHere(id));
    }

    @GET
    @RolesAllowed(Role.READER)
    @Path("/pages")
    @Operation(
            summary = "The first matches of a list in the named partitions, all held here",
            description = "As GET /items, over these partitions only: up to limit items after cursor, in id order.")
    @APIResponse(
            responseCode = "200",
            description = "The part, and whether more follow it",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LocalReads.Part.class)))
    @APIResponse(responseCode = "503", description = NOT_HERE)
    public LocalReads.Part pages(
            @QueryParam("partitions") String partitionsParam,
            @QueryParam("state") String stateParam,
            @QueryParam("type") String type,
            @QueryParam("label") String label,
            @QueryParam("owner") String owner,
            @QueryParam("limit") String limitParam,
            @QueryParam("cursor") String cursor) {
        final Params params = new Params();
        final List<Integer> partitions = partitions(params, partitionsParam);
        final ItemState state = params.oneOf("state", stateParam, ItemState.class);
        params.check(out -> Rules.pattern(out, "type", type, Limits.TYPE, Limits.TYPE_RULE, false))
                .check(out -> Rules.oneLine(out, "label", label, Limits.MAX_LABEL, false))
                .check(out -> Rules.pattern(out, "owner", owner, Limits.AGENT, Limits.AGENT_RULE, false))
                .check(out -> Rules.oneLine(out, "cursor", cursor, Limits.MAX_CURSOR, false));
        final Integer limit = params.integer("limit", limitParam, 1, Limits.MAX_PAGE);
        if (limitParam == null) {
            params.check(out -> out.add(new Violation("limit", "is required")));
        }
        params.done();
        return readModel.pageHere(partitions, new ItemFilter(state, type, label, owner), limit, cursor);
    }

    @GET
    @RolesAllowed(Role.READER)
    @Path("/counts")
    @Operation(summary = "The counts of the named partitions, all held here, and this instance's pace of work")
    @APIResponse(
            responseCode = "200",
            description = "Counts by type and state, the oldest ready submission per type, and paces",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LocalReads.Counts.class)))
    @APIResponse(responseCode = "503", description = NOT_HERE)
    public LocalReads.Counts counts(@QueryParam("partitions") String partitionsParam) {
        final Params params = new Params();
        final List<Integer> partitions = partitions(params, partitionsParam);
        params.done();
        return readModel.countsHere(partitions);
    }

    /** {@code 0,3,7}: partitions of the read model, each once, at least one. */
    private static List<Integer> partitions(Params params, String raw) {
        final List<Integer> partitions = new ArrayList<>();
        if (raw == null || raw.isBlank()) {
            params.check(out -> out.add(new Violation("partitions", "is required")));
            return partitions;
        }
        for (String one : raw.split(",", -1)) {
            final Integer partition = params.integer("partitions", one, 0, Topics.CLAIMS.partitions() - 1);
            if (partition == null) {
                return partitions;
            }
            if (partitions.contains(partition)) {
                params.check(out -> out.add(new Violation("partitions", "names partition " + partition + " twice")));
                return partitions;
            }
            partitions.add(partition);
        }
        return partitions;
    }
}
