package dev.baton.backlog.board;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.http.Params;
import dev.baton.contracts.http.Problem;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import dev.baton.http.Async;
import dev.baton.identity.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * What the board's page asks for besides the public API it calls directly (an item, its history,
 * redrive, cancel): who the viewer is, the live view as server-sent events, further pages of a
 * panel, and the devlog. Every call needs a reader's token; the operator's actions stay on
 * {@code /items}, where the server checks the operator's role whatever the page shows.
 */
@Path("/board/api")
@Tag(name = "board", description = "What the web board reads")
public class BoardResource {

    /** How often the live view pushes a snapshot. */
    static final Duration TICK = Duration.ofSeconds(1);

    @Inject
    BoardView view;

    @Inject
    WriterPosts writer;

    @Inject
    SecurityIdentity identity;

    /** The viewer: a name to show, and whether the page offers the operator's buttons. */
    public record Viewer(String subject, boolean operator) {}

    @GET
    @RolesAllowed(Role.READER)
    @Path("/me")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Who the token names, and whether it may act as an operator")
    public Viewer me() {
        return new Viewer(identity.getPrincipal().getName(), identity.hasRole(Role.OPERATOR));
    }

    @GET
    @RolesAllowed(Role.READER)
    @Path("/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "The live view: counts, flow, agents active and the first page of each panel",
            description = "A server-sent event about once a second, for as long as the client listens.")
    @APIResponse(
            responseCode = "200",
            description = "A stream of snapshots",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = BoardNow.class)))
    public Multi<BoardNow> live(
            @Parameter(description = "Only items of this type") @QueryParam("type") String typeParam) {
        final Params params = new Params();
        final String type = typeFilter(typeParam, params);
        params.done();
        // One snapshot at once, then one a tick.
        return Multi.createBy()
                .concatenating()
                .streams(Multi.createFrom().item(0L), Multi.createFrom().ticks().every(TICK))
                .onOverflow()
                .drop()
                // The store reads are short but blocking: never on the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> view.now(type));
    }

    @GET
    @RolesAllowed(Role.READER)
    @Path("/items")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A further page of one panel: the items of a state in id order, after the cursor")
    @APIResponse(
            responseCode = "200",
            description = "One page of rows",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BoardPage.class)))
    @APIResponse(responseCode = "503", description = "The read model is not ready yet; retry (Retry-After)")
    public BoardPage items(
            @Parameter(description = "The panel's state") @QueryParam("state") String stateParam,
            @Parameter(description = "Only items of this type") @QueryParam("type") String typeParam,
            @Parameter(description = "Where the page starts: the last page's nextCursor") @QueryParam("cursor")
                    String cursorParam) {
        final Params params = new Params();
        final ItemState state = params.oneOf("state", stateParam, ItemState.class);
        final String type = typeFilter(typeParam, params);
        final String cursor = cursorParam == null || cursorParam.isBlank() ? null : cursorParam;
        params.check(out -> {
                    if (state == null) {
                        out.add(new Violation("state", "is required"));
                    }
                })
                .check(out -> Rules.oneLine(out, "cursor", cursor, Limits.MAX_CURSOR, false))
                .done();
        return view.page(state, type, cursor, Limits.BOARD_PAGE);
    }

    /** The type filter, checked as {@code GET /items} checks it; blank is no filter. */
    private static String typeFilter(String raw, Params params) {
        final String type = raw == null || raw.isBlank() ? null : raw;
        params.check(out -> Rules.pattern(out, "type", type, Limits.TYPE, Limits.TYPE_RULE, false));
        return type;
    }

    @GET
    @RolesAllowed(Role.READER)
    @Path("/devlogs")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "The devlog's posts, newest day first, as the writer-service lists them")
    @APIResponse(
            responseCode = "200",
            description = "The writer's answer to GET /devlogs, as it is",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JsonNode.class)))
    @APIResponse(responseCode = "502", description = "The writer-service did not answer")
    public CompletionStage<Response> devlogs(@HeaderParam("Authorization") String authorization) {
        return Async.answer(writer.get("devlogs", authorization), BoardResource::relay);
    }

    @GET
    @RolesAllowed(Role.READER)
    @Path("/devlogs/{date}")
    @Produces({"text/markdown", MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "One day's devlog post as Markdown, as the writer-service wrote it")
    @APIResponse(
            responseCode = "200",
            description = "The post's Markdown file",
            content = @Content(mediaType = "text/markdown", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "The writer has no post for that day")
    @APIResponse(responseCode = "502", description = "The writer-service did not answer")
    public CompletionStage<Response> devlog(
            @Parameter(description = "The day, yyyy-MM-dd") @PathParam("date") String date,
            @HeaderParam("Authorization") String authorization) {
        new Params()
                .check(out -> {
                    try {
                        LocalDate.parse(date);
                    } catch (DateTimeParseException e) {
                        out.add(new Violation("date", "must be a day as yyyy-MM-dd"));
                    }
                })
                .done();
        return Async.answer(writer.get("devlogs/" + date + "?format=md", authorization), BoardResource::relay);
    }

    /** The writer's answer as it is: its status and its body, a problem staying a problem. */
    private static Response relay(WriterPosts.Answer answer) {
        return Response.status(answer.status())
                .type(answer.contentType())
                .entity(answer.body())
                .build();
    }
}
