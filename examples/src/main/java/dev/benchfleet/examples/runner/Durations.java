package dev.benchfleet.examples.runner;

import picocli.CommandLine;

import java.time.Duration;

/** Reads the runner's duration flags in the one grammar every side uses ({@link dev.benchfleet.protocol.Durations}). */
final class Durations implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return dev.benchfleet.protocol.Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
