package dev.benchfleet.terraformcheck.schema;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a resource, data source, provider or nested block accepts and exposes.
 *
 * @param arguments  argument name → required (set with {@code name = value})
 * @param blocks     nested block name → its schema (written {@code name { ... }})
 * @param attributes every name readable from an instance ({@code type.name.attr}): arguments, blocks and
 *                   computed-only attributes
 * @param objectArguments arguments whose values are objects (or lists of them), with the objects' schema:
 *                   the provider's "attributes as blocks" ({@code route} of {@code aws_route_table}) accept
 *                   block syntax too, and jsii cannot tell them from plugin-framework nested attributes
 */
public record BlockSchema(SortedMap<String, Boolean> arguments, SortedMap<String, NestedBlock> blocks,
        SortedSet<String> attributes, SortedMap<String, BlockSchema> objectArguments) {

    /** A nested block and whether at least one is required. */
    public record NestedBlock(boolean required, BlockSchema schema) {
    }

    public BlockSchema {
        arguments = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(arguments));
        blocks = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(blocks));
        attributes = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(attributes));
        objectArguments = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(objectArguments == null ? Map.of() : objectArguments));
    }

    /** Names readable from an instance of this type. */
    public Set<String> readable() {
        SortedSet<String> all = new TreeSet<>(attributes);
        all.addAll(arguments.keySet());
        all.addAll(blocks.keySet());
        return all;
    }

    /** Computed-only attributes: readable, but never set. */
    public boolean isReadOnly(String name) {
        return attributes.contains(name) && !arguments.containsKey(name) && !blocks.containsKey(name);
    }

    static BlockSchema of(Map<String, Boolean> arguments, Map<String, NestedBlock> blocks, Set<String> attributes,
            Map<String, BlockSchema> objectArguments) {
        return new BlockSchema(new java.util.TreeMap<>(arguments), new java.util.TreeMap<>(blocks), new TreeSet<>(attributes),
                new java.util.TreeMap<>(objectArguments));
    }
}
