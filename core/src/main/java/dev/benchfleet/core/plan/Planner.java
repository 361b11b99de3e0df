package dev.benchfleet.core.plan;

import dev.benchfleet.core.capacity.EntryCapacity;
import dev.benchfleet.core.config.InstanceEntry;
import dev.benchfleet.core.config.RunConfig;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.flow.RunPlan;
import dev.benchfleet.core.spi.Architecture;
import dev.benchfleet.core.spi.HourlyPrice;
import dev.benchfleet.core.spi.InstanceTypeInfo;
import dev.benchfleet.core.spi.TaskRunnerProvider;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a validated run ({@link RunPlan}) into a {@link Plan}: per alias the capacity plan, the
 * architecture and price from the provider's catalog, and the estimated cost
 * <pre>
 *   hours per instance = rounds × task minutes / 60      (rounds = ceil(tasks / (instances × runners per instance)))
 *   estimated cost     = instances × $/hour × hours per instance
 * </pre>
 * Providers that are not {@code pre_orchestrator} cost nothing; a billed type without a catalog price
 * has an unknown cost, never a guessed one. Reads nothing but its arguments.
 */
public final class Planner {

    private static final BigDecimal MINUTES_PER_HOUR = BigDecimal.valueOf(60);

    /**
     * @param run      a validated run
     * @param source   what was planned, for people (the config file)
     * @param warnings problems a run would stop on but a plan shows as warnings
     */
    public Plan plan(RunPlan run, String source, List<Problem> warnings) {
        RunConfig config = run.config();
        TaskLength length = TaskLength.of(config.estimatedTaskMinutes());
        List<ProviderPlan> providers = new ArrayList<>();
        for (RunPlan.PlannedProvider planned : run.providers()) {
            TaskRunnerProvider provider = planned.provider();
            boolean billed = provider.phase() == dev.benchfleet.core.spi.ProviderPhase.PRE_ORCHESTRATOR;
            Map<String, InstanceEntry> entries = planned.config().entries().stream()
                    .collect(Collectors.toMap(InstanceEntry::alias, Function.identity()));
            List<AliasPlan> aliases = new ArrayList<>();
            for (EntryCapacity capacity : planned.capacity().entries()) {
                InstanceEntry entry = entries.get(capacity.alias());
                Optional<InstanceTypeInfo> info = provider.instanceCatalog().info(capacity.instanceType());
                Architecture arch = entry.architecture()
                        .or(() -> info.flatMap(InstanceTypeInfo::knownArchitecture))
                        .orElse(null);
                aliases.add(alias(capacity, arch, billed ? info.flatMap(InstanceTypeInfo::knownPrice).orElse(null) : null,
                        billed, length));
            }
            providers.add(new ProviderPlan(provider.name(), provider.phase(), aliases, planned.notes()));
        }
        return new Plan(source, config.rubyVersion(), length, providers, config.maxCost().orElse(null), warnings);
    }

    private static AliasPlan alias(EntryCapacity capacity, Architecture arch, HourlyPrice price, boolean billed,
                                   TaskLength length) {
        BigDecimal hours = BigDecimal.valueOf(capacity.rounds()).multiply(length.minutes())
                .divide(MINUTES_PER_HOUR, MathContext.DECIMAL64);
        BigDecimal cost;
        if (!billed) {
            cost = BigDecimal.ZERO;
        } else if (price == null) {
            cost = null;
        } else {
            cost = BigDecimal.valueOf(capacity.instances()).multiply(price.usdPerHour()).multiply(hours, MathContext.DECIMAL64);
        }
        return new AliasPlan(capacity, arch, hours, price, billed, cost);
    }
}
