package dev.benchfleet.orchestrator.cli;

import dev.benchfleet.protocol.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations in the protocol's grammar ({@link Durations}): {@code 120}, {@code 500ms}, {@code 2m}, {@code PT2M}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
