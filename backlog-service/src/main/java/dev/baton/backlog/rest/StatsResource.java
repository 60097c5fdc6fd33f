package dev.baton.backlog.rest;

import dev.baton.backlog.readmodel.ReadModel;
import dev.baton.identity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What the backlog holds and how fast work moves. */
@Path("/stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    ReadModel readModel;

    @GET
    @RolesAllowed(Role.READER)
    @Operation(
            summary = "Counts by state and type, the oldest ready item's age, claims, completions and lease "
                    + "expiries in the last minute")
    public ReadModel.Stats stats() {
        return readModel.stats();
    }
}
