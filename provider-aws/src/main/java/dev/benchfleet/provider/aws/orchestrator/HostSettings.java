package dev.benchfleet.provider.aws.orchestrator;

import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.ProviderSettings;
import dev.benchfleet.core.spi.Setting;
import dev.benchfleet.provider.aws.credentials.AwsAccount;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The host's keys in the config's {@code "providers": {"aws": {...}}} object, next to the provider's own:
 * {@code orchestrator_region} (default: the provider's {@code region}, then AWS_REGION, AWS_DEFAULT_REGION,
 * the profile's, us-east-1) and {@code orchestrator_instance_type} (default {@code t3.small}).
 *
 * @param region       the region of the host
 * @param regionSource where the region came from, for messages
 * @param instanceType its instance type
 * @param sshCidr      the provider's {@code ssh_cidr}, which opens SSH to the host too
 */
public record HostSettings(String region, String regionSource, String instanceType, Optional<String> sshCidr) {

    static final String REGION = "orchestrator_region";
    static final String INSTANCE_TYPE = "orchestrator_instance_type";
    static final String DEFAULT_INSTANCE_TYPE = "t3.small";

    /** What {@code providers.aws} accepts for the host; the provider declares these with its own settings. */
    public static final List<Setting> DECLARED = List.of(
            Setting.string(REGION, "region of the cloud orchestrator host (default: region, then AWS_REGION, "
                    + "AWS_DEFAULT_REGION, the profile's, us-east-1)"),
            Setting.string(INSTANCE_TYPE, "EC2 instance type of the cloud orchestrator host (default t3.small)"));

    private static final Pattern INSTANCE_TYPE_NAME = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");

    /** Reads the settings; {@link #problems} says what is wrong with them. */
    static HostSettings from(ProviderSettings settings, Environment environment) {
        Optional<String> region = settings.string(REGION);
        AwsAccount account = AwsAccount.resolve(region.isPresent() ? region : settings.string("region"), environment);
        String source = region.isPresent() ? settings.path(REGION) : account.regionSource();
        return new HostSettings(account.region(), source, settings.string(INSTANCE_TYPE).orElse(DEFAULT_INSTANCE_TYPE),
                settings.string("ssh_cidr"));
    }

    /** Values that cannot be right, each with its JSON path; no network. */
    static List<Problem> problems(ProviderSettings settings) {
        List<Problem> problems = new ArrayList<>();
        settings.string(REGION).filter(region -> !AwsAccount.isRegionName(region)).ifPresent(region -> problems.add(
                new Problem(settings.path(REGION), "must be an AWS region name such as us-east-1, got '" + region + "'")));
        settings.string(INSTANCE_TYPE).filter(type -> !INSTANCE_TYPE_NAME.matcher(type).matches()).ifPresent(type ->
                problems.add(new Problem(settings.path(INSTANCE_TYPE), "must be an EC2 instance type such as t3.small, got '"
                        + type + "'")));
        return problems;
    }

    /** The host's name and folder name: {@code aws-<region>}. */
    String hostName() {
        return "aws-" + region;
    }
}
