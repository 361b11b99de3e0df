/**
 * Drives the Terraform (or OpenTofu) CLI for providers that provision with a Terraform module.
 *
 * <p>{@link dev.benchfleet.core.terraform.Terraform} is the low-level driver: one object per
 * (binary, working folder, environment), one typed method per CLI call, always non-interactive
 * ({@code -input=false}), JSON var file for plain inputs, secrets only as {@code TF_VAR_*} in the
 * child's environment, machine-readable UI lines parsed into {@link dev.benchfleet.core.terraform.TerraformEvent}s,
 * raw output appended to the run's log file, cancellation by SIGINT then a grace then a kill.
 * {@link dev.benchfleet.core.terraform.TerraformStack} is what a provider uses: a module
 * ({@link dev.benchfleet.core.terraform.TerraformModule}) copied into the run's folder, initialised once,
 * applied with variables and secrets, read back as outputs, destroyed.
 *
 * <p>The package depends on nothing of the provider SPI but {@code Environment}, {@code Secret} and
 * {@code CancellationToken}, so that providers and orchestrator hosts can both use it.
 */
package dev.benchfleet.core.terraform;
