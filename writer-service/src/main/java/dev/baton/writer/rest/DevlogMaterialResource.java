package dev.baton.writer.rest;

import dev.baton.contracts.http.Problem;
import dev.baton.writer.material.MaterialSettings;
import dev.baton.writer.streams.DayMaterialQuery;
import dev.baton.writer.streams.DayMaterialQuery.Lookup;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * What the writer has gathered for a day's devlog. Every error is an answer, not an exception:
 * {@code application/problem+json} with a type, a title and, for bad input, the field.
 */
@Path("/devlogs")
public class DevlogMaterialResource {

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    @Inject
    DayMaterialQuery query;

    @Inject
    MaterialSettings settings;

    @GET
    @Path("/{date}/material")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Response material(@PathParam("date") String date) {
        final LocalDate day = parse(date);
        if (day == null) {
            return problem(Problem.of("invalid-field", "Invalid date", 400,
                    "date must be an ISO calendar date (YYYY-MM-DD), got '" + date + "'").withField("date"));
        }
        final Lookup lookup = query.find(day);
        if (lookup instanceof Lookup.Found found) {
            return Response.ok(found.material(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        if (lookup instanceof Lookup.Unavailable unavailable) {
            return answer(Problem.of("store-unavailable", "Day material not available yet", 503,
                    "the writer's store is starting or rebalancing; try again shortly")
                    .withFact("cause", unavailable.reason()))
                    .header("Retry-After", "1").build();
        }
        return problem(Problem.of("no-material", "No material for this day", 404,
                "nothing has been recorded for " + day + " (days are cut in " + settings.zone() + ")")
                .withFact("date", day.toString()));
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
