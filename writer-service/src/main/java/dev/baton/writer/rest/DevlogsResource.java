package dev.baton.writer.rest;

import dev.baton.contracts.http.Params;
import dev.baton.contracts.http.Problem;
import dev.baton.identity.Role;
import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.MaterialSettings;
import dev.baton.writer.publish.DevlogCycle;
import dev.baton.writer.publish.DevlogCycle.Outcome;
import dev.baton.writer.publish.PostsView;
import dev.baton.writer.publish.PublishedPost;
import dev.baton.writer.streams.DayMaterialQuery;
import dev.baton.writer.streams.DayMaterialQuery.Lookup;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The devlog over HTTP: the posts published, one day's post in either format, publishing a day
 * now, and what the writer has gathered for a day. Every error is an answer, not an exception:
 * {@code application/problem+json} with a type, a title and, for bad input, the field.
 */
@Path("/devlogs")
@Tag(name = "devlogs", description = "The devlog: a post a day of the work that was done")
public class DevlogsResource {

    static final String MARKDOWN = "text/markdown; charset=UTF-8";
    private static final String DATE = "The day, YYYY-MM-DD";

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    @Inject
    DayMaterialQuery query;

    @Inject
    MaterialSettings settings;

    @Inject
    PostsView posts;

    @Inject
    DevlogCycle cycle;

    /** Every day's latest post, newest first, without the renderings. */
    @GET
    @RolesAllowed(Role.READER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every day's latest post, newest first, without the renderings")
    @APIResponse(
            responseCode = "200",
            description = "The posts",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PostList.class)))
    public PostList list() {
        return PostList.of(posts.all());
    }

    /** The day's latest post: JSON, or with {@code format=md|mdx} the file as written. */
    @GET
    @RolesAllowed(Role.READER)
    @Path("/{date}")
    @Produces({MediaType.APPLICATION_JSON, MARKDOWN, Problem.MEDIA_TYPE})
    @Operation(summary = "The day's latest post: JSON, or with format=md or mdx the file as written")
    @APIResponse(
            responseCode = "200",
            description = "The post",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = PublishedPost.class)),
                @Content(mediaType = MARKDOWN, schema = @Schema(type = SchemaType.STRING))
            })
    @APIResponse(responseCode = "404", description = "Nothing has been published for the day")
    public Response post(
            @Parameter(description = DATE) @PathParam("date") String date,
            @Parameter(description = "md or mdx for the file as written; JSON when absent") @QueryParam("format")
                    String format) {
        final LocalDate day = parse(date);
        if (day == null) {
            return badDate(date);
        }
        if (format != null && !format.equals("md") && !format.equals("mdx")) {
            return problem(
                    Problem.of("invalid-field", "Invalid format", 400, "format must be md or mdx, got '" + format + "'")
                            .withField("format"));
        }
        final PublishedPost post = posts.latest(PublishedPost.slugOf(day)).orElse(null);
        if (post == null) {
            return problem(Problem.of(
                            "no-post",
                            "No post for this day",
                            404,
                            "nothing has been published for " + day + "; POST /devlogs/" + day + "/publish writes it")
                    .withFact("date", day.toString()));
        }
        if (format == null) {
            return Response.ok(post, MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.ok(format.equals("md") ? post.md() : post.mdx(), MARKDOWN)
                .build();
    }

    /**
     * Runs the devlog cycle for the day now: 201 with the post when a new version was published,
     * 200 with the latest post when the material has not changed since it.
     */
    @POST
    @RolesAllowed(Role.OPERATOR)
    @Path("/{date}/publish")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Publish the day's post now")
    @APIResponse(
            responseCode = "201",
            description = "A new version of the day's post was published",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PublishedPost.class)))
    @APIResponse(
            responseCode = "200",
            description = "The material has not changed since the latest post: that post",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PublishedPost.class)))
    @APIResponse(responseCode = "404", description = "No material for the day")
    @APIResponse(responseCode = "503", description = "The post could not be written now; retry (Retry-After)")
    public Response publish(@Parameter(description = DATE) @PathParam("date") String date) {
        final LocalDate day = parse(date);
        if (day == null) {
            return badDate(date);
        }
        final Outcome outcome = cycle.run(day);
        if (outcome instanceof Outcome.Published published) {
            return Response.status(201)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(published.post())
                    .build();
        }
        if (outcome instanceof Outcome.Unchanged unchanged) {
            return Response.ok(unchanged.post(), MediaType.APPLICATION_JSON_TYPE)
                    .build();
        }
        if (outcome instanceof Outcome.Busy busy) {
            return answer(Problem.of("devlog-busy", "The post could not be written now", 503, busy.reason()))
                    .header("Retry-After", "5")
                    .build();
        }
        return noMaterial(day);
    }

    @GET
    @RolesAllowed(Role.READER)
    @Path("/{date}/material")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "What the writer has gathered for the day")
    @APIResponse(
            responseCode = "200",
            description = "The day's material",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = DayMaterial.class)))
    @APIResponse(responseCode = "404", description = "No material for the day")
    @APIResponse(
            responseCode = "503",
            description = "The writer's store is starting or rebalancing; retry (Retry-After)")
    public Response material(
            @Parameter(description = DATE) @PathParam("date") String date,
            @Parameter(description = "true when asked by another replica, which knows this one holds the day")
                    @QueryParam("local")
                    String localParam) {
        final LocalDate day = parse(date);
        if (day == null) {
            return badDate(date);
        }
        final Params params = new Params();
        final boolean local = Boolean.TRUE.equals(params.bool("local", localParam));
        params.done();
        // local: asked by another replica, which already knows this one holds the day
        final Lookup lookup = local ? query.findHere(day) : query.find(day);
        if (lookup instanceof Lookup.Found found) {
            return Response.ok(found.material(), MediaType.APPLICATION_JSON_TYPE)
                    .build();
        }
        if (lookup instanceof Lookup.Unavailable unavailable) {
            return answer(Problem.of(
                                    "store-unavailable",
                                    "Day material not available yet",
                                    503,
                                    "the writer's store is starting or rebalancing; try again shortly")
                            .withFact("cause", unavailable.reason()))
                    .header("Retry-After", "1")
                    .build();
        }
        return noMaterial(day);
    }

    private Response noMaterial(LocalDate day) {
        return problem(Problem.of(
                        "no-material",
                        "No material for this day",
                        404,
                        "nothing was finished, failed, expired or went dead on " + day + " (days are cut in "
                                + settings.zone() + ")")
                .withFact("date", day.toString()));
    }

    private static Response badDate(String date) {
        return problem(Problem.of(
                        "invalid-field",
                        "Invalid date",
                        400,
                        "date must be an ISO calendar date (YYYY-MM-DD), got '" + date + "'")
                .withField("date"));
    }

    private static LocalDate parse(String date) {
        if (date == null || !ISO_DATE.matcher(date).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Response problem(Problem problem) {
        return answer(problem).build();
    }

    private static Response.ResponseBuilder answer(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
