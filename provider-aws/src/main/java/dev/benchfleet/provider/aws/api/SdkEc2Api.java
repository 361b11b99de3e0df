package dev.benchfleet.provider.aws.api;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.LocationType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

/** {@link Ec2Api} on the AWS SDK v2 (EC2 Query API). Paginated calls read every page. */
final class SdkEc2Api implements Ec2Api {

    private final Ec2Client client;

    SdkEc2Api(Ec2Client client) {
        this.client = client;
    }

    @Override
    public List<Ec2Instance> instancesTagged(String key, String value) {
        return call(() -> {
            List<Ec2Instance> instances = new ArrayList<>();
            client.describeInstancesPaginator(r -> r.filters(tag(key, value))).reservations()
                    .forEach(reservation -> reservation.instances().forEach(instance ->
                            instances.add(new Ec2Instance(instance.instanceId(), instance.state().nameAsString()))));
            return instances;
        });
    }

    @Override
    public void terminateInstances(List<String> instanceIds) {
        call(() -> client.terminateInstances(r -> r.instanceIds(instanceIds)));
    }

    @Override
    public List<String> networkInterfacesTagged(String key, String value) {
        return call(() -> {
            List<String> ids = new ArrayList<>();
            client.describeNetworkInterfacesPaginator(r -> r.filters(tag(key, value))).networkInterfaces()
                    .forEach(eni -> ids.add(eni.networkInterfaceId()));
            return ids;
        });
    }

    @Override
    public void deleteNetworkInterface(String id) {
        call(() -> client.deleteNetworkInterface(r -> r.networkInterfaceId(id)));
    }

    @Override
    public List<String> securityGroupsTagged(String key, String value) {
        return call(() -> {
            List<String> ids = new ArrayList<>();
            client.describeSecurityGroupsPaginator(r -> r.filters(tag(key, value))).securityGroups()
                    .forEach(group -> ids.add(group.groupId()));
            return ids;
        });
    }

    @Override
    public void deleteSecurityGroup(String id) {
        call(() -> client.deleteSecurityGroup(r -> r.groupId(id)));
    }

    @Override
    public List<String> subnetsTagged(String key, String value) {
        return call(() -> {
            List<String> ids = new ArrayList<>();
            client.describeSubnetsPaginator(r -> r.filters(tag(key, value))).subnets()
                    .forEach(subnet -> ids.add(subnet.subnetId()));
            return ids;
        });
    }

    @Override
    public void deleteSubnet(String id) {
        call(() -> client.deleteSubnet(r -> r.subnetId(id)));
    }

    @Override
    public List<InternetGateway> internetGatewaysTagged(String key, String value) {
        return call(() -> {
            List<InternetGateway> gateways = new ArrayList<>();
            client.describeInternetGatewaysPaginator(r -> r.filters(tag(key, value))).internetGateways()
                    .forEach(gateway -> gateways.add(new InternetGateway(gateway.internetGatewayId(),
                            gateway.attachments().stream().map(a -> a.vpcId()).toList())));
            return gateways;
        });
    }

    @Override
    public void detachInternetGateway(String gatewayId, String vpcId) {
        call(() -> client.detachInternetGateway(r -> r.internetGatewayId(gatewayId).vpcId(vpcId)));
    }

    @Override
    public void deleteInternetGateway(String id) {
        call(() -> client.deleteInternetGateway(r -> r.internetGatewayId(id)));
    }

    @Override
    public List<RouteTable> routeTablesTagged(String key, String value) {
        return call(() -> {
            List<RouteTable> tables = new ArrayList<>();
            client.describeRouteTablesPaginator(r -> r.filters(tag(key, value))).routeTables().forEach(table -> {
                boolean main = table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()));
                tables.add(new RouteTable(table.routeTableId(), table.associations().stream()
                        .filter(a -> !Boolean.TRUE.equals(a.main())).map(a -> a.routeTableAssociationId()).toList(), main));
            });
            return tables;
        });
    }

    @Override
    public void disassociateRouteTable(String associationId) {
        call(() -> client.disassociateRouteTable(r -> r.associationId(associationId)));
    }

    @Override
    public void deleteRouteTable(String id) {
        call(() -> client.deleteRouteTable(r -> r.routeTableId(id)));
    }

    @Override
    public List<String> vpcsTagged(String key, String value) {
        return call(() -> {
            List<String> ids = new ArrayList<>();
            client.describeVpcsPaginator(r -> r.filters(tag(key, value))).vpcs().forEach(vpc -> ids.add(vpc.vpcId()));
            return ids;
        });
    }

    @Override
    public void deleteVpc(String id) {
        call(() -> client.deleteVpc(r -> r.vpcId(id)));
    }

    @Override
    public String consoleOutput(String instanceId) {
        String encoded = call(() -> client.getConsoleOutput(r -> r.instanceId(instanceId)).output());
        if (encoded == null || encoded.isBlank()) {
            return "";
        }
        try {
            return new String(java.util.Base64.getMimeDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AwsApiException(AwsApiException.NO_ANSWER, "console output of " + instanceId + " is not base64", e);
        }
    }

    @Override
    public Map<String, InstanceTypeFacts> describeInstanceTypes(Collection<String> instanceTypes) {
        Map<String, InstanceTypeFacts> facts = new LinkedHashMap<>();
        if (instanceTypes.isEmpty()) {
            return facts;
        }
        try {
            call(() -> client.describeInstanceTypes(r -> r.instanceTypesWithStrings(instanceTypes))).instanceTypes()
                    .forEach(info -> facts.put(info.instanceTypeAsString(), facts(info)));
        } catch (AwsApiException e) {
            // One unknown name fails the whole call: ask for each type alone to learn which are unknown.
            if (!e.code().startsWith("InvalidInstanceType") || instanceTypes.size() == 1) {
                if (e.code().startsWith("InvalidInstanceType")) {
                    return facts;
                }
                throw e;
            }
            for (String type : instanceTypes) {
                facts.putAll(describeInstanceTypes(List.of(type)));
            }
        }
        return facts;
    }

    @Override
    public Map<String, SortedSet<String>> zonesOffering(Collection<String> instanceTypes) {
        Map<String, SortedSet<String>> zones = new LinkedHashMap<>();
        instanceTypes.forEach(type -> zones.put(type, new TreeSet<>()));
        if (instanceTypes.isEmpty()) {
            return zones;
        }
        call(() -> {
            client.describeInstanceTypeOfferingsPaginator(r -> r.locationType(LocationType.AVAILABILITY_ZONE)
                            .filters(Filter.builder().name("instance-type").values(instanceTypes).build()))
                    .instanceTypeOfferings()
                    .forEach((InstanceTypeOffering offering) -> zones.computeIfAbsent(offering.instanceTypeAsString(),
                            t -> new TreeSet<>()).add(offering.location()));
            return zones;
        });
        return zones;
    }

    @Override
    public void close() {
        client.close();
    }

    private static InstanceTypeFacts facts(InstanceTypeInfo info) {
        return new InstanceTypeFacts(info.instanceTypeAsString(), info.vCpuInfo().defaultVCpus(),
                info.processorInfo().supportedArchitecturesAsStrings());
    }

    private static Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    /** AWS's error code and message, or {@link AwsApiException#NO_ANSWER} when there was no answer. */
    static AwsApiException translate(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return new AwsApiException(service.awsErrorDetails().errorCode(),
                    String.valueOf(service.awsErrorDetails().errorMessage()), e);
        }
        return new AwsApiException(AwsApiException.NO_ANSWER, String.valueOf(e.getMessage()), e);
    }
}
