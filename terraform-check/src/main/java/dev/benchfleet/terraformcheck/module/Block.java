package dev.benchfleet.terraformcheck.module;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A block of a {@code .tf} file: {@code resource "aws_instance" "runner" { ... }} has type {@code resource}
 * and labels {@code [aws_instance, runner]}.
 *
 * @param file       the file it is in
 * @param line       1-based line of its first line
 * @param type       the block type
 * @param labels     its labels
 * @param attributes its arguments, in order
 * @param blocks     its nested blocks, in order
 */
public record Block(Path file, int line, String type, List<String> labels, List<Attribute> attributes, List<Block> blocks) {

    public Block {
        labels = List.copyOf(labels);
        attributes = List.copyOf(attributes);
        blocks = List.copyOf(blocks);
    }

    public Optional<Attribute> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public List<Block> blocks(String blockType) {
        return blocks.stream().filter(b -> b.type().equals(blockType)).toList();
    }

    public String label(int index) {
        return index < labels.size() ? labels.get(index) : "";
    }

    /** Terraform's address of the block: {@code aws_instance.runner}, {@code data.aws_vpcs.shared}, {@code var.x}. */
    public String address() {
        return switch (type) {
            case "resource" -> label(0) + "." + label(1);
            case "data" -> "data." + label(0) + "." + label(1);
            case "variable" -> "var." + label(0);
            case "module" -> "module." + label(0);
            case "output" -> "output." + label(0);
            default -> labels.isEmpty() ? type : type + "." + String.join(".", labels);
        };
    }
}
