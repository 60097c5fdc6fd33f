package dev.baton.writer.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.json.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** HTTP answers are written like every other Baton record: ISO-8601 times, absent fields left out. */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
