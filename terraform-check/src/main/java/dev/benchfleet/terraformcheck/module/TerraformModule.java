package dev.benchfleet.terraformcheck.module;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code .tf} files of one folder, parsed.
 *
 * @param dir         the module folder
 * @param blocks      every top-level block of every file, files in name order
 * @param parseErrors files hcl4j could not read
 */
public record TerraformModule(Path dir, List<Block> blocks, List<ParseError> parseErrors) {

    /** A file the parser could not read: where, as far as the parser says, and why. */
    public record ParseError(Path file, int line, String message) {
    }

    public TerraformModule {
        blocks = List.copyOf(blocks);
        parseErrors = List.copyOf(parseErrors);
    }

    public List<Block> blocks(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).toList();
    }

    public Optional<Block> find(String type, String... labels) {
        return blocks.stream().filter(b -> b.type().equals(type) && b.labels().equals(List.of(labels))).findFirst();
    }

    /** Every {@code name = value} of every {@code locals} block. */
    public List<Attribute> locals() {
        return blocks("locals").stream().flatMap(b -> b.attributes().stream()).toList();
    }

    public Optional<Attribute> local(String name) {
        return locals().stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
