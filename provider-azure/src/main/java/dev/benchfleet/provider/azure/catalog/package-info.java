/**
 * The bundled Azure VM size catalog: true vCPUs (not the number in the size name), architecture, threads per
 * core, memory and (where a dated source exists) prices, and what a size name says by itself.
 */
package dev.benchfleet.provider.azure.catalog;
