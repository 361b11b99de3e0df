package dev.benchfleet.provider.aws.api;

import java.util.List;

/**
 * What {@code DescribeInstanceTypes} says about one type.
 *
 * @param instanceType  e.g. {@code c7g.medium}
 * @param vcpus         default vCPUs
 * @param architectures supported architectures ({@code arm64}, {@code x86_64}, {@code i386}...)
 */
public record InstanceTypeFacts(String instanceType, int vcpus, List<String> architectures) {
    public InstanceTypeFacts {
        architectures = List.copyOf(architectures);
    }
}
