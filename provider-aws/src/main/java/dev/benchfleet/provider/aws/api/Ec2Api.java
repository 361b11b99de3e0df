package dev.benchfleet.provider.aws.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The few EC2 calls Benchfleet makes outside Terraform, in one region: the nuke sweeps (find by tag,
 * terminate, delete; {@code nuke --all} also the shared network) and the pre-flight checks (instance type facts, zones that offer a type). A small
 * interface so that the sweep's ordering and retries are tested against an in-memory fake;
 * {@link SdkEc2Api} is the real one (AWS SDK v2). Every method throws {@link AwsApiException} when AWS
 * refuses or cannot be reached.
 */
public interface Ec2Api extends AutoCloseable {

    /** Instances carrying tag {@code key=value}, in any state but those AWS already forgot. */
    List<Ec2Instance> instancesTagged(String key, String value);

    /** Asks EC2 to terminate these instances (idempotent on EC2's side). */
    void terminateInstances(List<String> instanceIds);

    /** Network interface ids carrying tag {@code key=value}. */
    List<String> networkInterfacesTagged(String key, String value);

    /** Deletes one network interface. */
    void deleteNetworkInterface(String id);

    /** Security group ids carrying tag {@code key=value}. */
    List<String> securityGroupsTagged(String key, String value);

    /** Deletes one security group; {@code DependencyViolation} while an instance or interface still uses it. */
    void deleteSecurityGroup(String id);

    /** Subnet ids carrying tag {@code key=value}. */
    List<String> subnetsTagged(String key, String value);

    /** Deletes one subnet; {@code DependencyViolation} while an interface is still in it. */
    void deleteSubnet(String id);

    /** Internet gateways carrying tag {@code key=value}, with the VPCs they are attached to. */
    List<InternetGateway> internetGatewaysTagged(String key, String value);

    /** Detaches a gateway from a VPC; {@code DependencyViolation} while a public address is still mapped. */
    void detachInternetGateway(String gatewayId, String vpcId);

    /** Deletes one (detached) internet gateway. */
    void deleteInternetGateway(String id);

    /** Route tables carrying tag {@code key=value}, with their subnet associations. */
    List<RouteTable> routeTablesTagged(String key, String value);

    /** Removes one subnet association of a route table. */
    void disassociateRouteTable(String associationId);

    /** Deletes one route table; {@code DependencyViolation} while it has associations. */
    void deleteRouteTable(String id);

    /** VPC ids carrying tag {@code key=value}. */
    List<String> vpcsTagged(String key, String value);

    /** Deletes one VPC; {@code DependencyViolation} while subnets, gateways, groups or interfaces remain in it. */
    void deleteVpc(String id);

    /**
     * The instance's console output (EC2 {@code GetConsoleOutput}, base64-decoded): what its boot printed on the
     * serial console, as EC2 last captured it; empty when there is none yet.
     */
    String consoleOutput(String instanceId);

    /** Facts of the given types; a type EC2 does not know is absent from the answer. */
    Map<String, InstanceTypeFacts> describeInstanceTypes(Collection<String> instanceTypes);

    /** Per given type, the availability zones of the region that offer it (empty when none). */
    Map<String, SortedSet<String>> zonesOffering(Collection<String> instanceTypes);

    @Override
    void close();
}
