package dev.benchfleet.provider.azure;

import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.ProviderSettings;
import dev.benchfleet.core.spi.Setting;
import dev.benchfleet.provider.azure.credentials.AzureAccount;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The provider's own settings, {@code "providers": {"azure": {...}}} in the run config. Core checks names and
 * JSON types against {@link #DECLARED}; {@link #problems} checks the values, with their JSON paths.
 *
 * @param region         {@code region}, when set (otherwise {@code AZURE_REGION}, else eastus)
 * @param subscriptionId {@code subscription_id}, when set (otherwise {@code ARM_SUBSCRIPTION_ID} or the az session's)
 * @param sshCidr        {@code ssh_cidr}: allow SSH from this CIDR; none by default (no inbound rule at all)
 * @param maxHours       {@code max_hours}: a VM deallocates itself after this (1–168, default 24)
 * @param osDiskGb       {@code os_disk_gb}: OS disk size (30–1024, default 64)
 *
 * <p>Spot priority is not a setting: an entry asks for it with {@code "spot": true}, as for every cloud.
 */
public record AzureSettings(Optional<String> region, Optional<String> subscriptionId, Optional<String> sshCidr,
                            int maxHours, int osDiskGb) {

    static final String REGION = "region";
    static final String SUBSCRIPTION_ID = "subscription_id";
    static final String SSH_CIDR = "ssh_cidr";
    static final String MAX_HOURS = "max_hours";
    static final String OS_DISK_GB = "os_disk_gb";

    /** What the provider accepts. */
    static final List<Setting> DECLARED = List.of(
            Setting.string(REGION, "Azure region, e.g. westeurope (default: AZURE_REGION, else eastus)"),
            Setting.string(SUBSCRIPTION_ID, "subscription id (default: ARM_SUBSCRIPTION_ID, else the az login session's default)"),
            Setting.string(SSH_CIDR, "allow SSH to the runner VMs from this IPv4 CIDR, e.g. 203.0.113.7/32 (default: no inbound rule)"),
            Setting.integer(MAX_HOURS, "hours after which a runner VM deallocates itself whatever happens, 1-168 (default 24)"),
            Setting.integer(OS_DISK_GB, "OS disk size of each runner VM in GB, 30-1024 (default 64)"));

    private static final Pattern CIDR = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(3[0-2]|[12]?[0-9])");

    /** Reads the settings (types already checked by core; wrong values fall back to defaults, see {@link #problems}). */
    static AzureSettings from(ProviderSettings settings) {
        return new AzureSettings(settings.string(REGION), settings.string(SUBSCRIPTION_ID), settings.string(SSH_CIDR),
                settings.integer(MAX_HOURS).orElse(24), settings.integer(OS_DISK_GB).orElse(64));
    }

    /** Values out of range, each with its JSON path. */
    static List<Problem> problems(ProviderSettings settings) {
        List<Problem> problems = new ArrayList<>();
        settings.string(REGION).filter(region -> !AzureAccount.isRegionName(region)).ifPresent(region -> problems.add(
                new Problem(settings.path(REGION), "must be an Azure region's name such as eastus or westeurope "
                        + "(lower case, no spaces: `az account list-locations -o table`), got '" + region + "'")));
        settings.string(SUBSCRIPTION_ID).filter(id -> !AzureAccount.isGuid(id)).ifPresent(id -> problems.add(
                new Problem(settings.path(SUBSCRIPTION_ID), "must be a subscription id (a GUID), got '" + id + "'")));
        settings.string(SSH_CIDR).filter(cidr -> !CIDR.matcher(cidr).matches()).ifPresent(cidr -> problems.add(
                new Problem(settings.path(SSH_CIDR), "must be an IPv4 CIDR block such as 203.0.113.7/32, got '" + cidr + "'")));
        settings.integer(MAX_HOURS).filter(hours -> hours < 1 || hours > 168).ifPresent(hours -> problems.add(
                new Problem(settings.path(MAX_HOURS), "must be between 1 and 168 hours, got " + hours)));
        settings.integer(OS_DISK_GB).filter(gb -> gb < 30 || gb > 1024).ifPresent(gb -> problems.add(
                new Problem(settings.path(OS_DISK_GB), "must be between 30 and 1024 GB (the Ubuntu image needs 30), got " + gb)));
        return problems;
    }
}
