package dev.benchfleet.provider.aws;

import java.nio.file.Path;

/**
 * Where the provider's files go (cloud.md A1). In a real run its folder is
 * {@code <base>/.benchfleet/runs/<run_id>/aws/}: the run's Terraform folder is {@code aws/terraform/}, its log
 * {@code runs/<run_id>/logs/aws-terraform.log}, and the region's shared network lives outside every run in
 * {@code <base>/.benchfleet/networks/aws-<region>/}. A folder elsewhere (a test, an embedding application)
 * keeps all of it inside itself.
 *
 * @param workDir the provider's folder for the run
 */
record AwsLayout(Path workDir) {

    Path terraformDir() {
        return workDir.resolve("terraform");
    }

    Path logFile() {
        return inRunsFolder() ? workDir.getParent().resolve("logs").resolve("aws-terraform.log")
                : workDir.resolve("logs").resolve("aws-terraform.log");
    }

    Path networkDir(String region) {
        Path networks = inRunsFolder() ? workDir.getParent().getParent().getParent().resolve("networks")
                : workDir.resolve("networks");
        return networks.resolve("aws-" + region);
    }

    /** True when {@code workDir} is {@code .benchfleet/runs/<run_id>/<provider>}. */
    private boolean inRunsFolder() {
        Path abs = workDir.toAbsolutePath().normalize();
        return abs.getNameCount() >= 4 && abs.getParent().getParent().getFileName().toString().equals("runs")
                && abs.getParent().getParent().getParent().getFileName().toString().equals(".benchfleet");
    }
}
