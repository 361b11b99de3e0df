package dev.benchfleet.core.flow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.EventSink;
import dev.benchfleet.core.spi.MachineUsage;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.spi.TeardownContext;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine time a run used: per {@code provider/alias} and in total, in hours, summed from what each provider
 * knows of its machines ({@link TaskRunnerProvider#usage}): created → teardown finished. Machines still up
 * (kept with {@code --debug}, or left by a failed teardown) count until {@code asOf} and are counted in
 * {@link #stillUp()}.
 *
 * @param byAlias  hours per {@code provider/alias}, in the order the providers and aliases reported them
 * @param machines how many machines were counted
 * @param stillUp  how many of them had no end yet
 * @param asOf     when it was summed
 */
public record InstanceHours(Map<String, Duration> byAlias, int machines, int stillUp, Instant asOf) {

    public InstanceHours {
        byAlias = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byAlias));
    }

    /** No machine counted (a run that never started one, or providers not billed by the hour). */
    public static InstanceHours none(Instant asOf) {
        return new InstanceHours(Map.of(), 0, 0, asOf);
    }

    /** Sums provider → machines. */
    public static InstanceHours of(Map<String, List<MachineUsage>> usageByProvider, Instant asOf) {
        Map<String, Duration> byAlias = new LinkedHashMap<>();
        int machines = 0;
        int stillUp = 0;
        for (Map.Entry<String, List<MachineUsage>> provider : usageByProvider.entrySet()) {
            for (MachineUsage machine : provider.getValue()) {
                byAlias.merge(provider.getKey() + "/" + machine.alias(), machine.upTime(asOf), Duration::plus);
                machines++;
                stillUp += machine.knownEnd().isPresent() ? 0 : 1;
            }
        }
        return new InstanceHours(byAlias, machines, stillUp, asOf);
    }

    /**
     * Asks every provider of the run's journal for its machines (from the journal's state alone). A provider that
     * is not on the class path, or fails to answer, is left out with a warning: the summary must still be printed.
     */
    public static InstanceHours collect(RunJournal journal, ProviderRegistry registry, Environment environment,
                                        FlowListener listener, Instant asOf) {
        Map<String, List<MachineUsage>> usage = new LinkedHashMap<>();
        for (String name : journal.providers()) {
            Optional<TaskRunnerProvider> provider = registry.find(name);
            if (provider.isEmpty()) {
                continue;
            }
            TeardownContext context = TeardownContext.builder(name, journal.runId(), journal.dir().resolve(name))
                    .state(journal.state(name)).environment(environment).events(EventSink.discard()).build();
            try {
                usage.put(name, new ArrayList<>(provider.get().usage(context)));
            } catch (RuntimeException e) {
                listener.warning(name + ": instance-hours unknown (" + e.getMessage() + ")");
            }
        }
        return of(usage, asOf);
    }

    /** Hours per alias, rounded to thousandths. */
    public Map<String, BigDecimal> hoursByAlias() {
        Map<String, BigDecimal> hours = new LinkedHashMap<>();
        byAlias.forEach((alias, duration) -> hours.put(alias, hours(duration)));
        return hours;
    }

    /** Total hours, rounded to thousandths. */
    public BigDecimal totalHours() {
        return hours(byAlias.values().stream().reduce(Duration.ZERO, Duration::plus));
    }

    /**
     * The summary line's {@code instance_hours}: {@code {"total": 1.25, "aliases": {"aws/c7g": 0.75, ...},
     * "machines": 3, "still_up": 0}}.
     */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("total", totalHours());
        ObjectNode aliases = json.putObject("aliases");
        hoursByAlias().forEach(aliases::put);
        json.put("machines", machines);
        json.put("still_up", stillUp);
        return json;
    }

    /** One line for people, e.g. {@code Instance-hours: 1.250 h (aws/c7g 0.750 h, aws/c7i 0.500 h; 3 machines)}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        hoursByAlias().forEach((alias, hours) -> parts.add(alias + " " + hours.toPlainString() + " h"));
        return "Instance-hours: " + totalHours().toPlainString() + " h"
                + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + "; " + machines
                + (machines == 1 ? " machine" : " machines") + (stillUp == 0 ? "" : ", " + stillUp + " still up, counted until now")
                + ")");
    }

    private static BigDecimal hours(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).divide(BigDecimal.valueOf(3_600_000L), 3, RoundingMode.HALF_UP);
    }
}
