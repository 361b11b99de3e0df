package dev.benchfleet.report.results;

import java.time.Instant;

/**
 * What {@code metadata.json} and {@code output.json} say about the machine and the run of one task.
 * Every field may be {@code null}: results of older task runners lack the newer ones.
 *
 * @param rubyDescription {@code ruby -v} (or ruby-bench's {@code RUBY_DESCRIPTION})
 * @param cpuStealPct     CPU time stolen by the hypervisor during the task, in % of all CPU time
 * @param pricePerHour    the instance type's price in USD per hour, when the result carries one
 */
public record TaskFacts(String rubyDescription, String suiteCommit, String cpuModel, Integer vcpus,
                        Integer threadsPerCore, String kernel, String arch, Double cpuStealPct,
                        Instant startTime, Instant endTime, Double pricePerHour, Boolean yjit) {
}
