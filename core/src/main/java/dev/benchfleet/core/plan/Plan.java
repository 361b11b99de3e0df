package dev.benchfleet.core.plan;

import dev.benchfleet.core.error.Problem;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a run would do, before anything exists: per provider and alias the capacity plan and an
 * estimated cost, the task-length assumption behind it, the config's spending limit, and warnings
 * (problems only a run has, such as missing credentials). Built by {@link Planner}; shown by
 * {@code plan} ({@link PlanText}, {@link PlanJson}) and by the spend guard before a run.
 *
 * @param source      what was planned (the config file), for people
 * @param rubyVersion the benchmarked runtime's version
 * @param taskLength  the assumed length of one task
 * @param providers   one plan per provider, in config order
 * @param maxCost     {@code max_cost} from the config in US dollars, or {@code null}
 * @param warnings    problems a run would stop on, but a plan does not
 */
public record Plan(String source, String rubyVersion, TaskLength taskLength, List<ProviderPlan> providers,
                   BigDecimal maxCost, List<Problem> warnings) {

    public Plan {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rubyVersion, "rubyVersion");
        Objects.requireNonNull(taskLength, "taskLength");
        providers = List.copyOf(providers);
        warnings = List.copyOf(warnings);
    }

    /** Whether the run creates anything that costs money (a {@code pre_orchestrator} provider). */
    public boolean billed() {
        return providers.stream().anyMatch(ProviderPlan::billed);
    }

    public int instances() {
        return providers.stream().mapToInt(ProviderPlan::instances).sum();
    }

    public int runners() {
        return providers.stream().mapToInt(ProviderPlan::runners).sum();
    }

    public int tasks() {
        return providers.stream().mapToInt(ProviderPlan::tasks).sum();
    }

    /** The cost of everything whose price is known: all of it when {@link #costKnown()}, else a lower bound. */
    public BigDecimal pricedCost() {
        return providers.stream().map(ProviderPlan::pricedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** True when every billed instance type has a price. */
    public boolean costKnown() {
        return providers.stream().allMatch(ProviderPlan::costKnown);
    }

    /** The estimated cost of the run, when every billed type has a price. */
    public Optional<BigDecimal> estimatedCost() {
        return costKnown() ? Optional.of(pricedCost()) : Optional.empty();
    }

    /** Billed instance types without a price, as {@code provider/instance_type}. */
    public SortedSet<String> unpricedTypes() {
        SortedSet<String> types = new TreeSet<>();
        providers.forEach(p -> p.aliases().stream().filter(AliasPlan::priceUnknown)
                .forEach(a -> types.add(p.provider() + "/" + a.instanceType())));
        return types;
    }

    /** {@code max_cost} from the config, when set. */
    public Optional<BigDecimal> knownMaxCost() {
        return Optional.ofNullable(maxCost);
    }
}
