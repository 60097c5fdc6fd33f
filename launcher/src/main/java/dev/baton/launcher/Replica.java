package dev.baton.launcher;

/** One process of a service, numbered from 1. */
public record Replica(Service service, int number) {

    public Replica {
        if (number < 1) {
            throw new IllegalArgumentException("replicas are numbered from 1, got " + number);
        }
    }

    @Override
    public String toString() {
        return service.shortName() + "-" + number;
    }
}
