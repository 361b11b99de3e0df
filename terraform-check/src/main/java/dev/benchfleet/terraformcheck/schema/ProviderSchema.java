package dev.benchfleet.terraformcheck.schema;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The compact extract of one provider's schema: every resource and data source type with its arguments,
 * nested blocks and attributes.
 *
 * @param source      provider source address ({@code hashicorp/aws})
 * @param version     provider version ({@code 6.25.0})
 * @param npmPackage  the package it was extracted from ({@code @cdktf/provider-aws@21.22.1})
 * @param provider    the {@code provider "aws" {}} block
 * @param resources   resource type → schema
 * @param dataSources data source type → schema
 */
public record ProviderSchema(String source, String version, String npmPackage, BlockSchema provider,
        SortedMap<String, BlockSchema> resources, SortedMap<String, BlockSchema> dataSources) {

    public ProviderSchema {
        resources = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(resources));
        dataSources = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(dataSources));
    }

    static ProviderSchema of(String source, String version, String npmPackage, BlockSchema provider,
            Map<String, BlockSchema> resources, Map<String, BlockSchema> dataSources) {
        return new ProviderSchema(source, version, npmPackage, provider, new TreeMap<>(resources), new TreeMap<>(dataSources));
    }
}
