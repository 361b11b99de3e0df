package dev.benchfleet.core.spi;

/** Where providers send their progress events. Implementations must be thread-safe. */
@FunctionalInterface
public interface EventSink {

    void accept(ProviderEvent event);

    /** A sink that drops everything. */
    static EventSink discard() {
        return event -> { };
    }
}
