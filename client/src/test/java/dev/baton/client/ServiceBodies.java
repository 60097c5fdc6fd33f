package dev.baton.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.contracts.json.Json;
import java.util.Map;

/** Answer bodies written the way the services write them: the contracts' records through the contracts' JSON settings. */
public final class ServiceBodies {

    private ServiceBodies() {}

    public static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String claims(dev.baton.contracts.reply.Grant... grants) {
        return json(Map.of("claims", java.util.List.of(grants)));
    }
}
