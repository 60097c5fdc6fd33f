package dev.baton.claim.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.processor.api.Processor;

/** Wraps each of the engine's processors in an {@link ObservedEngine}: the one place the service observes the engine. */
@ApplicationScoped
public class EngineObservation {

    private final EngineMeters meters;
    private final Tracer tracer;

    public EngineObservation(EngineMeters meters, OpenTelemetry telemetry) {
        this.meters = meters;
        this.tracer = telemetry.getTracer("dev.baton.claim-engine");
    }

    public Processor<String, Object, String, Object> around(Processor<String, Object, String, Object> engine) {
        return new ObservedEngine(engine, meters, tracer);
    }
}
