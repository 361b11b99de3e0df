package dev.benchfleet.provider.azure.preflight;

import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Architecture;
import dev.benchfleet.provider.azure.arm.ArmApi;
import dev.benchfleet.provider.azure.arm.ArmException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What Azure itself says about a planned run, before anything is created (cloud.md A6, A7): the subscription is
 * reachable with these credentials; every size exists in the region for this subscription, with the vCPUs and
 * architecture the plan assumed and Hyper-V generation 2 (the Ubuntu 24.04 image is Gen2); and the regional and
 * per-family vCPU quotas have room for the run. Every problem is reported at once.
 */
public final class AzurePreflight {

    private final ArmApi arm;
    private final String region;

    public AzurePreflight(ArmApi arm, String region) {
        this.arm = arm;
        this.region = region;
    }

    /** Every problem found; empty when the run can go ahead. */
    public List<Problem> check(List<PlannedSize> planned) {
        List<Problem> problems = new ArrayList<>();
        try {
            ArmApi.Subscription subscription = arm.subscription();
            if (!"Enabled".equalsIgnoreCase(subscription.state()) && !subscription.state().isEmpty()) {
                problems.add(Problem.credentials("subscription " + subscription.id(), "is " + subscription.state()
                        + ", not Enabled: Azure creates nothing in it"));
                return problems;
            }
        } catch (ArmException e) {
            problems.add(Problem.credentials("azure", (e.isAuthorization() ? "the credentials were refused: " : "")
                    + e.getMessage()));
            return problems; // without a working subscription nothing else can be checked
        }

        Map<String, ArmApi.VmSku> skus = new LinkedHashMap<>();
        try {
            arm.vmSkus(region).forEach(sku -> skus.put(sku.name().toLowerCase(Locale.ROOT), sku));
        } catch (ArmException e) {
            problems.add(new Problem("azure", "cannot list the VM sizes of " + region + ": " + e.getMessage()));
            return problems;
        }
        if (skus.isEmpty()) {
            problems.add(new Problem("providers.azure.region", "'" + region + "' offers no VM sizes to this subscription; "
                    + "is it a region name (`az account list-locations -o table`)?"));
            return problems;
        }

        Map<String, Long> needByFamily = new LinkedHashMap<>();
        long needRegular = 0;
        long needSpot = 0;
        for (PlannedSize size : planned) {
            ArmApi.VmSku sku = skus.get(size.size().toLowerCase(Locale.ROOT));
            if (sku == null) {
                problems.add(new Problem(size.path() + ".instance_type", size.size() + " is not offered in " + region));
                continue;
            }
            if (sku.restricted()) {
                problems.add(new Problem(size.path() + ".instance_type", size.size() + " is restricted in " + region
                        + " for this subscription (NotAvailableForSubscription); pick another size or region"));
                continue;
            }
            if (size.vcpus() > 0 && sku.vcpus() > 0 && sku.vcpus() != size.vcpus()) {
                problems.add(new Problem(size.path() + ".instance_type", size.size() + " has " + sku.vcpus()
                        + " vCPUs in " + region + ", the plan counted " + size.vcpus() + "; set \"vcpus\": " + sku.vcpus()));
            }
            Optional<Architecture> actual = Architecture.parse(sku.architecture());
            if (actual.isPresent() && actual.get() != size.architecture()) {
                problems.add(new Problem(size.path() + ".arch", size.size() + " is " + actual.get() + ", the plan builds for "
                        + size.architecture() + "; set \"arch\": \"" + actual.get() + "\""));
            }
            if (!sku.hyperVGenerations().isEmpty() && !sku.hyperVGenerations().toUpperCase(Locale.ROOT).contains("V2")) {
                problems.add(new Problem(size.path() + ".instance_type", size.size() + " supports only Hyper-V generation "
                        + sku.hyperVGenerations() + "; Benchfleet boots Ubuntu 24.04 Gen2 images"));
            }
            // Quotas count a constrained-core size by its parent's vCPUs (E4-2s_v5 uses 4 of the quota).
            int counted = sku.quotaVcpus() > 0 ? sku.quotaVcpus() : sku.vcpus() > 0 ? sku.vcpus() : size.vcpus();
            long need = (long) counted * size.instances();
            if (size.spot()) {
                needSpot += need;
            } else {
                needRegular += need;
                needByFamily.merge(sku.family(), need, Long::sum);
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }

        Map<String, ArmApi.Usage> usages = new LinkedHashMap<>();
        try {
            arm.usages(region).forEach(usage -> usages.put(usage.name().toLowerCase(Locale.ROOT), usage));
        } catch (ArmException e) {
            problems.add(new Problem("azure", "cannot read the compute quotas of " + region + ": " + e.getMessage()));
            return problems;
        }
        quota(usages, "cores", "Total Regional vCPUs", needRegular, problems);
        quota(usages, "lowPriorityCores", "Total Regional Spot vCPUs", needSpot, problems);
        needByFamily.forEach((family, need) -> quota(usages, family, family, need, problems));
        return problems;
    }

    private void quota(Map<String, ArmApi.Usage> usages, String name, String label, long need, List<Problem> problems) {
        if (need == 0) {
            return;
        }
        ArmApi.Usage usage = usages.get(name.toLowerCase(Locale.ROOT));
        if (usage == null) {
            return; // Azure reports no such quota here: nothing to compare with
        }
        long free = usage.limit() - usage.currentValue();
        if (need > free) {
            String shown = usage.localizedName().isEmpty() ? label : usage.localizedName();
            problems.add(new Problem("azure", "quota " + name + " (" + shown + ") in " + region + ": the run needs " + need
                    + " vCPUs, the limit is " + usage.limit() + " with " + usage.currentValue() + " in use (" + free
                    + " free); request more in the portal (Subscriptions > Usage + quotas) or plan fewer instances"));
        }
    }
}
