package dev.benchfleet.provider.aws.preflight;

import dev.benchfleet.provider.aws.catalog.AwsArchitecture;

import java.util.OptionalInt;

/**
 * One entry as the run plans it, for pre-flight to compare with what EC2 says.
 *
 * @param path               the entry's JSON path ({@code aws[1]})
 * @param instanceType       its type
 * @param vcpus              the vCPUs the plan assumes, when known
 * @param vcpusSource        where that number came from, for messages
 * @param architecture       the architecture the machine image is chosen for
 * @param architectureSource where that came from, for messages
 */
public record PlannedType(String path, String instanceType, OptionalInt vcpus, String vcpusSource,
                          AwsArchitecture architecture, String architectureSource) {
}
