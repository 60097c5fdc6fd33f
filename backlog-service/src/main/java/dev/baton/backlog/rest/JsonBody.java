package dev.baton.backlog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.json.Json;

/**
 * Reads request bodies ourselves, so that a body that is not JSON gets the same problem answer
 * as every other bad input instead of the framework's empty 400.
 */
final class JsonBody {

    private JsonBody() {
    }

    static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            throw new Malformed("the request body is empty; a JSON object is expected");
        }
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new Malformed("not JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        }
    }

    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }
}
