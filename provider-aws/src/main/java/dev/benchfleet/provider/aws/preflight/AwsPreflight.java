package dev.benchfleet.provider.aws.preflight;

import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.provider.aws.api.AwsApiException;
import dev.benchfleet.provider.aws.api.AwsClients;
import dev.benchfleet.provider.aws.api.Ec2Api;
import dev.benchfleet.provider.aws.api.InstanceTypeFacts;
import dev.benchfleet.provider.aws.api.StsApi;
import dev.benchfleet.provider.aws.credentials.AwsAccount;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * The checks that ask AWS before anything is created (cloud.md A7), every problem at once: the credentials
 * are accepted (STS {@code GetCallerIdentity}); every type exists in the region with the vCPUs and the
 * architecture the plan assumes ({@code DescribeInstanceTypes}); some zone of the region offers it
 * ({@code DescribeInstanceTypeOfferings}, location type availability-zone). Creates nothing.
 */
public final class AwsPreflight {

    private final AwsClients clients;
    private final Environment environment;
    private final String region;

    public AwsPreflight(AwsClients clients, Environment environment, String region) {
        this.clients = clients;
        this.environment = environment;
        this.region = region;
    }

    /** Every problem found; empty when the run can go ahead. */
    public List<Problem> check(List<PlannedType> types) {
        List<Problem> problems = new ArrayList<>();
        try (StsApi sts = clients.sts(region, environment)) {
            sts.callerArn();
        } catch (AwsApiException e) {
            problems.add(Problem.environment("AWS credentials", "AWS did not accept them in " + region + " (" + e.getMessage()
                    + "); " + AwsAccount.HOW_TO_PROVIDE));
            return problems; // every other call would fail the same way
        }
        Set<String> names = new LinkedHashSet<>();
        types.forEach(type -> names.add(type.instanceType()));
        try (Ec2Api ec2 = clients.ec2(region, environment)) {
            Map<String, InstanceTypeFacts> facts = ec2.describeInstanceTypes(names);
            Map<String, SortedSet<String>> zones = ec2.zonesOffering(names);
            for (PlannedType type : types) {
                InstanceTypeFacts fact = facts.get(type.instanceType());
                if (fact == null) {
                    problems.add(new Problem(type.path() + ".instance_type", "EC2 in " + region + " does not know '"
                            + type.instanceType() + "'"));
                    continue;
                }
                if (type.vcpus().isPresent() && type.vcpus().getAsInt() != fact.vcpus()) {
                    problems.add(new Problem(type.path() + ".instance_type", type.instanceType() + " has " + fact.vcpus()
                            + " vCPUs according to EC2, but " + type.vcpusSource() + " says " + type.vcpus().getAsInt()
                            + "; give the entry \"vcpus\": " + fact.vcpus()));
                }
                if (!fact.architectures().contains(type.architecture().ec2Name())) {
                    problems.add(new Problem(type.path() + ".instance_type", type.instanceType() + " runs "
                            + String.join("/", fact.architectures()) + " according to EC2, but " + type.architectureSource()
                            + " says " + type.architecture().ec2Name() + " (the machine image would not boot)"));
                }
                if (zones.getOrDefault(type.instanceType(), java.util.Collections.emptySortedSet()).isEmpty()) {
                    problems.add(new Problem(type.path() + ".instance_type", "no availability zone of " + region
                            + " offers " + type.instanceType() + "; choose another type or region"));
                }
            }
        } catch (AwsApiException e) {
            problems.add(new Problem("aws", "EC2 in " + region + " refused the pre-flight checks: " + e.getMessage()
                    + (e.code().contains("Unauthorized") || e.code().contains("AccessDenied")
                    ? "; the credentials need ec2:DescribeInstanceTypes and ec2:DescribeInstanceTypeOfferings" : "")));
        }
        return problems;
    }
}
