/**
 * The {@code aws} orchestrator host (cloud.md A4): a long-lived EC2 host per region made from
 * {@code infrastructure/meta}, kept in {@code .benchfleet/orchestrators/aws-<region>/}, reused by later runs,
 * upgraded only on request, removed by {@code nuke --orchestrator}.
 */
package dev.benchfleet.provider.aws.orchestrator;
