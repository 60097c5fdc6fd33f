package dev.baton.writer.config;

import dev.baton.writer.material.MaterialSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Turns configuration into the plain settings records the topology and the API are built from. */
public class SettingsProducer {

    @Produces
    @Singleton
    MaterialSettings materialSettings(WriterConfig config) {
        return new MaterialSettings(
                config.zone(),
                config.material().maxLogLines(),
                config.material().maxEntries());
    }
}
