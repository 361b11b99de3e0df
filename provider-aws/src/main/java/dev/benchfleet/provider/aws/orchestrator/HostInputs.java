package dev.benchfleet.provider.aws.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a host was (or would be) applied with; two equal inputs mean nothing changed, so no apply.
 *
 * @param region        its region
 * @param instanceType  its instance type
 * @param architecture  the AMI's architecture
 * @param sshCidr       SSH source, or empty for none
 * @param jarSha256     SHA-256 of the orchestrator.jar it runs
 * @param moduleVersion version of the Terraform module it was made from
 */
record HostInputs(String region, String instanceType, String architecture, String sshCidr, String jarSha256,
                  String moduleVersion) {

    HostInputs {
        Objects.requireNonNull(region);
        Objects.requireNonNull(instanceType);
        Objects.requireNonNull(architecture);
        Objects.requireNonNull(sshCidr);
        Objects.requireNonNull(jarSha256);
        Objects.requireNonNull(moduleVersion);
    }

    /** What differs from {@code applied}, for people ("orchestrator.jar 1a2b3c4d… → 5e6f7a8b…"); empty when nothing. */
    List<String> changesFrom(HostInputs applied) {
        List<String> changes = new ArrayList<>();
        if (!jarSha256.equals(applied.jarSha256)) {
            changes.add("orchestrator.jar " + applied.jarSha256.substring(0, 12) + "… → " + jarSha256.substring(0, 12) + "…");
        }
        if (!instanceType.equals(applied.instanceType)) {
            changes.add("instance type " + applied.instanceType + " → " + instanceType);
        }
        if (!sshCidr.equals(applied.sshCidr)) {
            changes.add("ssh_cidr '" + applied.sshCidr + "' → '" + sshCidr + "'");
        }
        if (!moduleVersion.equals(applied.moduleVersion)) {
            changes.add("Terraform module " + applied.moduleVersion + " → " + moduleVersion);
        }
        return changes;
    }
}
