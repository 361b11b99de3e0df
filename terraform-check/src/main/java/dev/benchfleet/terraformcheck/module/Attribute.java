package dev.benchfleet.terraformcheck.module;

/** {@code name = value} in a block or an object literal, with its 1-based line. */
public record Attribute(String name, int line, Expr value) {
}
