package dev.baton.backlog.rest;

import dev.baton.contracts.item.ItemState;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to an operator's call the engine accepted: the item's state after it. */
@Schema(name = "ItemChanged", description = "The call was accepted: the item's state after it")
public record ItemChanged(String id, ItemState state) {}
