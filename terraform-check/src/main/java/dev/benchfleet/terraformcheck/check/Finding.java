package dev.benchfleet.terraformcheck.check;

import java.nio.file.Path;

/**
 * One thing wrong in a module: where (file and 1-based line, or the block's address when the parser gives
 * no line) and what, with the closest valid name when there is one.
 */
public record Finding(Path file, int line, String address, String message) {

    /** {@code infrastructure/aws/main.tf:149: message}, the file relative to {@code base} when inside it. */
    public String format(Path base) {
        Path shown = file.toAbsolutePath().normalize();
        Path root = base.toAbsolutePath().normalize();
        if (shown.startsWith(root)) {
            shown = root.relativize(shown);
        }
        return shown + (line > 0 ? ":" + line : "") + ": " + (line > 0 || address.isEmpty() ? "" : address + ": ") + message;
    }
}
