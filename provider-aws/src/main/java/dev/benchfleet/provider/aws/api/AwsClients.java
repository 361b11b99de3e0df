package dev.benchfleet.provider.aws.api;

import dev.benchfleet.core.spi.Environment;

/**
 * Opens the AWS API clients of a region with the credentials the environment provides. The provider
 * takes one in its constructor: {@link SdkAwsClients} in production, fakes in tests.
 */
public interface AwsClients {

    /** EC2 in {@code region}. */
    Ec2Api ec2(String region, Environment environment);

    /** STS in {@code region}. */
    StsApi sts(String region, Environment environment);
}
