package dev.baton.backlog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a listing, and where the next one starts. */
@Schema(name = "ItemPage", description = "One page of items")
public record ItemPage(
        List<ItemView> items,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The cursor of the next page; absent on the last")
        String nextCursor) {}
