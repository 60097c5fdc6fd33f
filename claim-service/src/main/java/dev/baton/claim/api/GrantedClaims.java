package dev.baton.claim.api;

import dev.baton.contracts.reply.Grant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a claim-next: the grants, most urgent first. */
@Schema(name = "GrantedClaims", description = "The items granted, most urgent first")
public record GrantedClaims(List<Grant> claims) {}
