/**
 * The bundled EC2 instance catalog: vCPUs, architecture, threads per core, memory and (where a dated
 * source exists) on-demand prices per instance type.
 */
package dev.benchfleet.provider.aws.catalog;
