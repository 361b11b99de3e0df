package dev.benchfleet.provider.azure;

import java.nio.file.Path;

/**
 * Where the provider's files go (cloud.md A1). In a real run its folder is
 * {@code <base>/.benchfleet/runs/<run_id>/azure/}: the Terraform folder is {@code azure/terraform/} (module copy,
 * var file, state, the SSH key 0600), logs go to {@code runs/<run_id>/logs/}. A folder elsewhere (a test, an
 * embedding application) keeps all of it inside itself.
 *
 * @param workDir the provider's folder for the run
 */
record AzureLayout(Path workDir) {

    Path terraformDir() {
        return workDir.resolve("terraform");
    }

    Path logsDir() {
        return inRunsFolder() ? workDir.getParent().resolve("logs") : workDir.resolve("logs");
    }

    Path logFile() {
        return logsDir().resolve("azure-terraform.log");
    }

    /** The private key Terraform made for the run's VMs, written 0600 by the module. */
    Path sshKey() {
        return terraformDir().resolve("ssh-key.pem");
    }

    /** True when {@code workDir} is {@code .benchfleet/runs/<run_id>/<provider>}. */
    private boolean inRunsFolder() {
        Path abs = workDir.toAbsolutePath().normalize();
        return abs.getNameCount() >= 4 && abs.getParent().getParent().getFileName().toString().equals("runs")
                && abs.getParent().getParent().getParent().getFileName().toString().equals(".benchfleet");
    }
}
