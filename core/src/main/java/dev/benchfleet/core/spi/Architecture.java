package dev.benchfleet.core.spi;

import java.util.Locale;
import java.util.Optional;

/** The CPU architecture of an instance type: what the task runner image is built for. */
public enum Architecture {
    /** 64-bit x86 (Intel, AMD); the original tool's {@code amd64}. */
    X86_64("x86_64"),
    /** 64-bit ARM (Graviton, Cobalt, Ampere). */
    ARM64("arm64");

    private final String label;

    Architecture(String label) {
        this.label = label;
    }

    /** The name shown to people and written to JSON: {@code x86_64} or {@code arm64}. */
    public String label() {
        return label;
    }

    /**
     * Reads the names the clouds and the original tool use: {@code x86_64}, {@code amd64}, {@code x64},
     * {@code arm64}, {@code aarch64} (any case); empty for anything else.
     */
    public static Optional<Architecture> parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "x86_64", "amd64", "x64", "x86-64" -> Optional.of(X86_64);
            case "arm64", "aarch64" -> Optional.of(ARM64);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
