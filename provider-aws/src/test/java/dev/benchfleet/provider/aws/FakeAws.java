package dev.benchfleet.provider.aws;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.provider.aws.api.AwsApiException;
import dev.benchfleet.provider.aws.api.AwsClients;
import dev.benchfleet.provider.aws.api.Ec2Api;
import dev.benchfleet.provider.aws.api.Ec2Instance;
import dev.benchfleet.provider.aws.api.InstanceTypeFacts;
import dev.benchfleet.provider.aws.api.InternetGateway;
import dev.benchfleet.provider.aws.api.RouteTable;
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
    /** Group, subnet or VPC → extra refusals before it can go (a lingering dependency EC2 does not show). */
    final Map<String, Integer> groupRefusals = new LinkedHashMap<>();
    final Map<String, InstanceTypeFacts> types = new LinkedHashMap<>();
    /** Tags of every resource, by id (instances, interfaces, groups, network parts). */
    final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    final List<String> subnets = new ArrayList<>();
    /** Internet gateway → the VPCs it is attached to. */
    final Map<String, List<String>> gateways = new LinkedHashMap<>();
    /** Route table → its subnet associations (association id → subnet). */
    final Map<String, Map<String, String>> routeTables = new LinkedHashMap<>();
    final List<String> vpcs = new ArrayList<>();
    /** Instance → what EC2 captured of its serial console. */
    final Map<String, String> consoles = new LinkedHashMap<>();
    final Map<String, SortedSet<String>> offerings = new LinkedHashMap<>();
    int pollsToTerminate = 2;
    String refuseCredentials;

    public synchronized FakeAws instance(String id, String runId) {
        instanceStates.put(id, "running");
        instanceRun.put(id, runId);
        tags.put(id, runnerTags(runId));
        return this;
    }

    /** The orchestrator host: managed, but no run's and not a runner. */
    public synchronized FakeAws orchestratorInstance(String id) {
        instanceStates.put(id, "running");
        instanceRun.put(id, "");
        tags.put(id, Map.of("benchfleet-managed", "true", "benchfleet-component", "orchestrator"));
        return this;
    }

    public synchronized FakeAws eni(String id, String runId) {
        enis.put(id, runId);
        tags.put(id, runnerTags(runId));
        return this;
    }

    public synchronized FakeAws group(String id, String runId) {
        groups.put(id, runId);
        tags.put(id, runnerTags(runId));
        return this;
    }

    /**
     * A region's shared network as infrastructure/aws/network makes it: a VPC, a subnet per zone, an attached
     * internet gateway, a route table associated with every subnet.
     */
    public synchronized FakeAws network(String vpc, String gateway, String routeTable, String... subnetIds) {
        vpcs.add(vpc);
        tags.put(vpc, networkTags());
        gateways.put(gateway, new ArrayList<>(List.of(vpc)));
        tags.put(gateway, networkTags());
        Map<String, String> associations = new LinkedHashMap<>();
        for (String subnet : subnetIds) {
            subnets.add(subnet);
            tags.put(subnet, networkTags());
            associations.put("rtbassoc-" + subnet, subnet);
        }
        routeTables.put(routeTable, associations);
        tags.put(routeTable, networkTags());
        return this;
    }

    /** A route table association with a subnet that is not Benchfleet's (deleting our subnets does not drop it). */
    public synchronized FakeAws foreignAssociation(String routeTable, String associationId) {
        routeTables.get(routeTable).put(associationId, "subnet-foreign");
        return this;
    }

    private boolean refusedOnce(String id) {
        int refusals = groupRefusals.getOrDefault(id, 0);
        if (refusals > 0) {
            groupRefusals.put(id, refusals - 1);
            return true;
        }
        return false;
    }

    private static Map<String, String> runnerTags(String runId) {
        return Map.of("benchfleet-managed", "true", "benchfleet-run-id", runId, "benchfleet-component", "runner");
    }

    private static Map<String, String> networkTags() {
        return Map.of("benchfleet-managed", "true", "benchfleet-component", "network");
    }

    private boolean tagged(String id, String key, String value) {
        return value.equals(tags.getOrDefault(id, Map.of()).get(key));
    }

    /** A runner instance that still holds addresses and interfaces in the network. */
    private boolean anyRunnerAlive() {
        return instanceStates.entrySet().stream().anyMatch(e -> !"terminated".equals(e.getValue())
                && tagged(e.getKey(), "benchfleet-component", "runner"));
    }

    /** What the instance printed on its serial console. */
    public synchronized FakeAws console(String instanceId, String output) {
        consoles.put(instanceId, output);
        return this;
    }

    /** EC2's state name of an instance. */
    public synchronized String state(String instanceId) {
        return instanceStates.get(instanceId);
    }

    /** Every network part still there. */
    public synchronized List<String> networkLeft() {
        List<String> left = new ArrayList<>(subnets);
        left.addAll(gateways.keySet());
        left.addAll(routeTables.keySet());
        left.addAll(vpcs);
        return left;
    }

    /** The group (or subnet, or VPC) refuses deletion this many more times with DependencyViolation. */
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
                    if (!tagged(id, key, value)) {
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
                return enis.keySet().stream().filter(id -> tagged(id, key, value)).toList();
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
                return groups.keySet().stream().filter(id -> tagged(id, key, value)).toList();
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
        public List<String> subnetsTagged(String key, String value) {
            synchronized (FakeAws.this) {
                calls.add("describe-subnets");
                return subnets.stream().filter(id -> tagged(id, key, value)).toList();
            }
        }

        @Override
        public void deleteSubnet(String id) {
            synchronized (FakeAws.this) {
                calls.add("delete-subnet " + id);
                if (!subnets.contains(id)) {
                    throw new AwsApiException("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist", null);
                }
                if (anyRunnerAlive() || !enis.isEmpty() || refusedOnce(id)) {
                    throw new AwsApiException("DependencyViolation", "The subnet '" + id + "' has dependencies and cannot be deleted.", null);
                }
                subnets.remove(id);
                routeTables.values().forEach(associations -> associations.values().remove(id)); // EC2 drops them
            }
        }

        @Override
        public List<InternetGateway> internetGatewaysTagged(String key, String value) {
            synchronized (FakeAws.this) {
                calls.add("describe-igws");
                return gateways.entrySet().stream().filter(e -> tagged(e.getKey(), key, value))
                        .map(e -> new InternetGateway(e.getKey(), e.getValue())).toList();
            }
        }

        @Override
        public void detachInternetGateway(String gatewayId, String vpcId) {
            synchronized (FakeAws.this) {
                calls.add("detach-igw " + gatewayId + " " + vpcId);
                List<String> attached = gateways.get(gatewayId);
                if (attached == null) {
                    throw new AwsApiException("InvalidInternetGatewayID.NotFound", "The internetGateway ID '" + gatewayId + "' does not exist", null);
                }
                if (!attached.contains(vpcId)) {
                    throw new AwsApiException("Gateway.NotAttached", "resource " + gatewayId + " is not attached to network " + vpcId, null);
                }
                if (anyRunnerAlive()) {
                    throw new AwsApiException("DependencyViolation", "Network " + vpcId + " has some mapped public address(es).", null);
                }
                attached.remove(vpcId);
            }
        }

        @Override
        public void deleteInternetGateway(String id) {
            synchronized (FakeAws.this) {
                calls.add("delete-igw " + id);
                List<String> attached = gateways.get(id);
                if (attached == null) {
                    throw new AwsApiException("InvalidInternetGatewayID.NotFound", "The internetGateway ID '" + id + "' does not exist", null);
                }
                if (!attached.isEmpty()) {
                    throw new AwsApiException("DependencyViolation", "The internetGateway '" + id + "' has dependencies and cannot be deleted.", null);
                }
                gateways.remove(id);
            }
        }

        @Override
        public List<RouteTable> routeTablesTagged(String key, String value) {
            synchronized (FakeAws.this) {
                calls.add("describe-route-tables");
                return routeTables.entrySet().stream().filter(e -> tagged(e.getKey(), key, value))
                        .map(e -> new RouteTable(e.getKey(), List.copyOf(e.getValue().keySet()), false)).toList();
            }
        }

        @Override
        public void disassociateRouteTable(String associationId) {
            synchronized (FakeAws.this) {
                calls.add("disassociate-route-table " + associationId);
                boolean removed = routeTables.values().stream().anyMatch(a -> a.remove(associationId) != null);
                if (!removed) {
                    throw new AwsApiException("InvalidAssociationID.NotFound", "The association ID '" + associationId + "' does not exist", null);
                }
            }
        }

        @Override
        public void deleteRouteTable(String id) {
            synchronized (FakeAws.this) {
                calls.add("delete-route-table " + id);
                Map<String, String> associations = routeTables.get(id);
                if (associations == null) {
                    throw new AwsApiException("InvalidRouteTableID.NotFound", "The routeTable ID '" + id + "' does not exist", null);
                }
                if (!associations.isEmpty()) {
                    throw new AwsApiException("DependencyViolation", "The routeTable '" + id + "' has dependencies and cannot be deleted.", null);
                }
                routeTables.remove(id);
            }
        }

        @Override
        public List<String> vpcsTagged(String key, String value) {
            synchronized (FakeAws.this) {
                calls.add("describe-vpcs");
                return vpcs.stream().filter(id -> tagged(id, key, value)).toList();
            }
        }

        @Override
        public void deleteVpc(String id) {
            synchronized (FakeAws.this) {
                calls.add("delete-vpc " + id);
                if (!vpcs.contains(id)) {
                    throw new AwsApiException("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist", null);
                }
                boolean gatewayAttached = gateways.values().stream().anyMatch(v -> v.contains(id));
                if (!subnets.isEmpty() || gatewayAttached || !routeTables.isEmpty() || !groups.isEmpty() || refusedOnce(id)) {
                    throw new AwsApiException("DependencyViolation", "The vpc '" + id + "' has dependencies and cannot be deleted.", null);
                }
                vpcs.remove(id);
            }
        }

        @Override
        public String consoleOutput(String instanceId) {
            synchronized (FakeAws.this) {
                calls.add("get-console-output " + instanceId);
                if (!instanceStates.containsKey(instanceId)) {
                    throw new AwsApiException("InvalidInstanceID.NotFound", "The instance ID '" + instanceId + "' does not exist", null);
                }
                return consoles.getOrDefault(instanceId, "");
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
