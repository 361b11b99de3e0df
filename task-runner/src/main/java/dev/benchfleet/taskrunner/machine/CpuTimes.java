package dev.benchfleet.taskrunner.machine;

import java.util.Optional;

/**
 * The aggregate {@code cpu} line of {@code /proc/stat} (in clock ticks): total time and the part
 * the hypervisor stole for other guests. Two samples around a task give its steal percentage,
 * the noisy-neighbour signal of a cloud machine.
 */
public record CpuTimes(long total, long steal) {

    /** Fields of the line: user nice system idle iowait irq softirq steal guest guest_nice. */
    static Optional<CpuTimes> parse(String stat) {
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] fields = line.substring(4).trim().split("\\s+");
                try {
                    long total = 0;
                    // guest time is already counted in user/nice: the first 8 fields make the total
                    for (int i = 0; i < Math.min(8, fields.length); i++) {
                        total += Long.parseLong(fields[i]);
                    }
                    long steal = fields.length > 7 ? Long.parseLong(fields[7]) : 0;
                    return Optional.of(new CpuTimes(total, steal));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Stolen share of all CPU time between {@code before} and this sample, in %. */
    public Optional<Double> stealPercentSince(CpuTimes before) {
        long total = this.total - before.total;
        if (total <= 0) {
            return Optional.empty();
        }
        return Optional.of(100.0 * Math.max(0, steal - before.steal) / total);
    }
}
