package dev.benchfleet.provider.aws;

import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.ProviderSettings;
import dev.benchfleet.core.spi.Setting;
import dev.benchfleet.provider.aws.credentials.AwsAccount;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The provider's own settings, {@code "providers": {"aws": {...}}} in the run config. Core checks names and
 * JSON types against {@link #DECLARED}; {@link #problems} checks the values, with their JSON paths.
 *
 * @param region       {@code region}, when set (otherwise the environment's or the default)
 * @param sshCidr      {@code ssh_cidr}: allow SSH from this CIDR; none by default (no inbound rule at all)
 * @param maxHours     {@code max_hours}: a machine powers itself off after this (1–168, default 24)
 * @param rootVolumeGb {@code root_volume_gb}: root volume size (8–1024, default 30)
 */
public record AwsSettings(Optional<String> region, Optional<String> sshCidr, int maxHours, int rootVolumeGb) {

    static final String REGION = "region";
    static final String SSH_CIDR = "ssh_cidr";
    static final String MAX_HOURS = "max_hours";
    static final String ROOT_VOLUME_GB = "root_volume_gb";

    /** What the provider accepts. */
    static final List<Setting> DECLARED = List.of(
            Setting.string(REGION, "AWS region, e.g. eu-west-1 (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's, us-east-1)"),
            Setting.string(SSH_CIDR, "allow SSH to the runner machines from this IPv4 CIDR, e.g. 203.0.113.7/32 (default: no inbound rule)"),
            Setting.integer(MAX_HOURS, "hours after which a runner machine powers itself off whatever happens, 1-168 (default 24)"),
            Setting.integer(ROOT_VOLUME_GB, "root volume size of each runner machine in GB, 8-1024 (default 30)"));

    private static final Pattern CIDR = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(3[0-2]|[12]?[0-9])");

    /** Reads the settings (types already checked by core; wrong values fall back to defaults, see {@link #problems}). */
    static AwsSettings from(ProviderSettings settings) {
        return new AwsSettings(settings.string(REGION), settings.string(SSH_CIDR),
                settings.integer(MAX_HOURS).orElse(24), settings.integer(ROOT_VOLUME_GB).orElse(30));
    }

    /** Values out of range, each with its JSON path. */
    static List<Problem> problems(ProviderSettings settings) {
        List<Problem> problems = new ArrayList<>();
        settings.string(REGION).filter(region -> !AwsAccount.isRegionName(region)).ifPresent(region -> problems.add(
                new Problem(settings.path(REGION), "must be an AWS region name such as us-east-1 or eu-west-1, got '" + region + "'")));
        settings.string(SSH_CIDR).filter(cidr -> !CIDR.matcher(cidr).matches()).ifPresent(cidr -> problems.add(
                new Problem(settings.path(SSH_CIDR), "must be an IPv4 CIDR block such as 203.0.113.7/32, got '" + cidr + "'")));
        settings.integer(MAX_HOURS).filter(hours -> hours < 1 || hours > 168).ifPresent(hours -> problems.add(
                new Problem(settings.path(MAX_HOURS), "must be between 1 and 168 hours, got " + hours)));
        settings.integer(ROOT_VOLUME_GB).filter(gb -> gb < 8 || gb > 1024).ifPresent(gb -> problems.add(
                new Problem(settings.path(ROOT_VOLUME_GB), "must be between 8 and 1024 GB, got " + gb)));
        return problems;
    }
}
