package dev.baton.backlog.rest;

import dev.baton.backlog.submit.SubmissionValidator;
import dev.baton.backlog.submit.Submissions;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.item.ItemSpec;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Submissions over HTTP. */
@Path("/items")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ItemsResource {

    @Inject
    Submissions submissions;

    @POST
    public Uni<Response> submit(String body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        final ItemSpec spec = SubmissionValidator.validate(JsonFields.parse(body));
        final String id = Submissions.itemId(idempotencyKey);
        return submissions.submit(id, spec, idempotencyKey).map(event -> {
            final Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", id);
            answer.put("submittedAt", event.at());
            answer.put("item", spec);
            return Response.created(URI.create("/items/" + id)).entity(answer).build();
        });
    }
}
