package dev.benchfleet.provider.azure;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.provider.azure.arm.ArmApi;
import dev.benchfleet.provider.azure.arm.ArmClients;
import dev.benchfleet.provider.azure.arm.ArmException;
import dev.benchfleet.provider.azure.credentials.AzureCredentialSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory subscription that behaves like ARM where the provider looks: resource groups with tags that,
 * once deleted, keep existing for {@code deletePolls} more looks (Azure takes minutes), SKUs and usages. Every
 * call is recorded in {@link #calls}.
 */
final class FakeArm implements ArmClients, ArmApi {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, String>> groups = new LinkedHashMap<>();
    final Map<String, Integer> deleting = new LinkedHashMap<>();
    final List<VmSku> skus = new ArrayList<>();
    final List<Usage> usages = new ArrayList<>();
    final Map<String, String> serialLogs = new LinkedHashMap<>();
    final Map<String, ArmException> serialLogFailures = new LinkedHashMap<>();
    int deletePolls = 2;
    ArmException subscriptionFailure;
    String subscriptionState = "Enabled";

    @Override
    public ArmApi arm(String subscriptionId, AzureCredentialSource credentials, Environment environment) {
        calls.add("client " + subscriptionId);
        return this;
    }

    synchronized void addGroup(String name, Map<String, String> tags) {
        groups.put(name, new LinkedHashMap<>(tags));
    }

    @Override
    public Subscription subscription() {
        calls.add("subscription");
        if (subscriptionFailure != null) {
            throw subscriptionFailure;
        }
        return new Subscription("00000000-0000-0000-0000-000000000001", "test", subscriptionState);
    }

    @Override
    public synchronized List<ResourceGroup> resourceGroupsTagged(String tag, String value) {
        calls.add("list " + tag + "=" + value);
        return groups.entrySet().stream().filter(g -> value.equals(g.getValue().get(tag)))
                .map(g -> new ResourceGroup(g.getKey(), "eastus", deleting.containsKey(g.getKey()) ? "Deleting" : "Succeeded"))
                .toList();
    }

    @Override
    public synchronized boolean resourceGroupExists(String name) {
        calls.add("exists " + name);
        Integer polls = deleting.get(name);
        if (polls != null) {
            if (polls <= 1) {
                deleting.remove(name);
                groups.remove(name);
            } else {
                deleting.put(name, polls - 1);
            }
        }
        return groups.containsKey(name);
    }

    @Override
    public synchronized void beginDeleteResourceGroup(String name) {
        calls.add("delete " + name);
        if (groups.containsKey(name)) {
            deleting.putIfAbsent(name, deletePolls);
        }
    }

    @Override
    public List<VmSku> vmSkus(String region) {
        calls.add("skus " + region);
        return List.copyOf(skus);
    }

    @Override
    public List<Usage> usages(String region) {
        calls.add("usages " + region);
        return List.copyOf(usages);
    }

    @Override
    public String serialLog(String resourceGroup, String vmName) {
        calls.add("serial-log " + resourceGroup + "/" + vmName);
        ArmException failure = serialLogFailures.get(vmName);
        if (failure != null) {
            throw failure;
        }
        return serialLogs.getOrDefault(vmName, "");
    }
}
