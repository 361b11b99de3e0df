package dev.benchfleet.provider.aws;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.provider.aws.api.AwsApiException;
import dev.benchfleet.provider.aws.api.AwsClients;
import dev.benchfleet.provider.aws.api.Ec2Api;
import dev.benchfleet.provider.aws.api.Ec2Instance;
import dev.benchfleet.provider.aws.api.InstanceTypeFacts;
import dev.benchfleet.provider.aws.api.StsApi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An in-memory EC2 + STS of one account: tagged instances, network interfaces and security groups that
 * behave like EC2's (terminate takes {@code pollsToTerminate} looks to finish; a group in use by a live
 * instance or an interface refuses deletion with {@code DependencyViolation}), and a log of every call.
 */
public final class FakeAws implements AwsClients {

    /** Every call, in order: {@code "terminate i-1"}, {@code "delete-sg sg-1"}... */
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Map<String, String> instanceStates = new LinkedHashMap<>();
    final Map<String, String> instanceRun = new LinkedHashMap<>();
    final Map<String, Integer> terminatingPolls = new LinkedHashMap<>();
    final Map<String, String> enis = new LinkedHashMap<>();
    final Map<String, String> groups = new LinkedHashMap<>();
    /** Security group → extra refusals before it can go (a lingering dependency EC2 does not show). */
    final Map<String, Integer> groupRefusals = new LinkedHashMap<>();
    final Map<String, InstanceTypeFacts> types = new LinkedHashMap<>();
    final Map<String, SortedSet<String>> offerings = new LinkedHashMap<>();
    int pollsToTerminate = 2;
    String refuseCredentials;

    public synchronized FakeAws instance(String id, String runId) {
        instanceStates.put(id, "running");
        instanceRun.put(id, runId);
        return this;
    }

    public synchronized FakeAws eni(String id, String runId) {
        enis.put(id, runId);
        return this;
    }

    public synchronized FakeAws group(String id, String runId) {
        groups.put(id, runId);
        return this;
    }

    /** The group refuses deletion this many more times with DependencyViolation. */
    public synchronized FakeAws refuse(String group, int refusals) {
        groupRefusals.put(group, refusals);
        return this;
    }

    /** Looks at a shutting-down instance before it is terminated. */
    public synchronized FakeAws pollsToTerminate(int polls) {
        pollsToTerminate = polls;
        return this;
    }

    /** STS refuses the credentials with this code. */
    public synchronized FakeAws refuseCredentials(String code) {
        refuseCredentials = code;
        return this;
    }

    public synchronized FakeAws type(String name, int vcpus, String arch, String... zones) {
        types.put(name, new InstanceTypeFacts(name, vcpus, List.of(arch)));
        offerings.put(name, new TreeSet<>(List.of(zones)));
        return this;
    }

    /** Everything still carrying the run's tag (terminated instances excepted). */
    public synchronized List<String> tagged(String runId) {
        List<String> left = new ArrayList<>();
        instanceRun.forEach((id, run) -> {
            if (run.equals(runId) && !"terminated".equals(instanceStates.get(id))) {
                left.add(id);
            }
        });
        enis.forEach((id, run) -> { if (run.equals(runId)) { left.add(id); } });
        groups.forEach((id, run) -> { if (run.equals(runId)) { left.add(id); } });
        return left;
    }

    @Override
    public Ec2Api ec2(String region, Environment environment) {
        calls.add("open-ec2 " + region);
        return new Ec2();
    }

    @Override
    public StsApi sts(String region, Environment environment) {
        return new StsApi() {
            @Override
            public String callerArn() {
                calls.add("get-caller-identity");
                if (refuseCredentials != null) {
                    throw new AwsApiException(refuseCredentials, "The security token included in the request is invalid.", null);
                }
                return "arn:aws:iam::123456789012:user/bench";
            }

            @Override
            public void close() {
            }
        };
    }

    private final class Ec2 implements Ec2Api {
        @Override
        public List<Ec2Instance> instancesTagged(String key, String value) {
            synchronized (FakeAws.this) {
                calls.add("describe-instances");
                List<Ec2Instance> found = new ArrayList<>();
                for (String id : new ArrayList<>(instanceRun.keySet())) {
                    if (!instanceRun.get(id).equals(value)) {
                        continue;
                    }
                    if ("shutting-down".equals(instanceStates.get(id))) {
                        int polls = terminatingPolls.merge(id, 1, Integer::sum);
                        if (polls >= pollsToTerminate) {
                            instanceStates.put(id, "terminated");
                        }
                    }
                    found.add(new Ec2Instance(id, instanceStates.get(id)));
                }
                return found;
            }
        }

        @Override
        public void terminateInstances(List<String> instanceIds) {
            synchronized (FakeAws.this) {
                calls.add("terminate " + String.join(",", instanceIds));
                instanceIds.forEach(id -> {
                    if (!"terminated".equals(instanceStates.get(id))) {
                        instanceStates.put(id, "shutting-down");
                    }
                });
            }
        }

        @Override
        public List<String> networkInterfacesTagged(String key, String value) {
            synchronized (FakeAws.this) {
                calls.add("describe-enis");
                return enis.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).toList();
            }
        }

        @Override
        public void deleteNetworkInterface(String id) {
            synchronized (FakeAws.this) {
                calls.add("delete-eni " + id);
                if (enis.remove(id) == null) {
                    throw new AwsApiException("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id + "' does not exist", null);
                }
            }
        }

        @Override
        public List<String> securityGroupsTagged(String key, String value) {
            synchronized (FakeAws.this) {
                calls.add("describe-sgs");
                return groups.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).toList();
            }
        }

        @Override
        public void deleteSecurityGroup(String id) {
            synchronized (FakeAws.this) {
                calls.add("delete-sg " + id);
                String run = groups.get(id);
                if (run == null) {
                    throw new AwsApiException("InvalidGroup.NotFound", "The security group '" + id + "' does not exist", null);
                }
                boolean inUse = instanceRun.entrySet().stream().anyMatch(e -> e.getValue().equals(run)
                        && !"terminated".equals(instanceStates.get(e.getKey()))) || enis.containsValue(run);
                int refusals = groupRefusals.getOrDefault(id, 0);
                if (inUse || refusals > 0) {
                    groupRefusals.put(id, Math.max(0, refusals - 1));
                    throw new AwsApiException("DependencyViolation", "resource " + id + " has a dependent object", null);
                }
                groups.remove(id);
            }
        }

        @Override
        public Map<String, InstanceTypeFacts> describeInstanceTypes(Collection<String> instanceTypes) {
            synchronized (FakeAws.this) {
                calls.add("describe-instance-types " + String.join(",", instanceTypes));
                Map<String, InstanceTypeFacts> found = new LinkedHashMap<>();
                instanceTypes.stream().filter(types::containsKey).forEach(t -> found.put(t, types.get(t)));
                return found;
            }
        }

        @Override
        public Map<String, SortedSet<String>> zonesOffering(Collection<String> instanceTypes) {
            synchronized (FakeAws.this) {
                calls.add("describe-instance-type-offerings " + String.join(",", instanceTypes));
                Map<String, SortedSet<String>> found = new LinkedHashMap<>();
                instanceTypes.forEach(t -> found.put(t, new TreeSet<>(offerings.getOrDefault(t, new TreeSet<>()))));
                return found;
            }
        }

        @Override
        public void close() {
        }
    }
}
