package dev.baton.backlog.rest;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A batch of items to submit, each answered on its own; read by {@link BatchReader}. */
@Schema(
        name = "BatchRequest",
        description =
                "Items to submit, each judged and answered on its own. The array of " + "items alone is taken too.")
public record BatchRequest(@Schema(required = true) List<BatchItem> items) {}
