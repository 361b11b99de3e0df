package dev.benchfleet.core.spi;

/**
 * A progress message from a provider, shown to the user while the run sets up.
 *
 * @param provider the provider's name
 * @param level    how loud
 * @param message  what happened; never a secret
 */
public record ProviderEvent(String provider, Level level, String message) {

    /** How loud an event is. */
    public enum Level { DEBUG, INFO, WARN }
}
