package dev.benchfleet.core.plan;

import dev.benchfleet.core.spi.ProviderPhase;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The plan of one provider of the run.
 *
 * @param provider the provider's name
 * @param phase    when its setup starts; {@code pre_orchestrator} providers create things that cost money
 * @param aliases  one plan per instance entry, in config order
 * @param notes    what the provider said it will do ({@code describe})
 */
public record ProviderPlan(String provider, ProviderPhase phase, List<AliasPlan> aliases, List<String> notes) {

    public ProviderPlan {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(phase, "phase");
        aliases = List.copyOf(aliases);
        notes = List.copyOf(notes);
    }

    /** Whether this provider creates things that cost money: every {@code pre_orchestrator} provider. */
    public boolean billed() {
        return phase == ProviderPhase.PRE_ORCHESTRATOR;
    }

    public int instances() {
        return aliases.stream().mapToInt(a -> a.capacity().instances()).sum();
    }

    public int runners() {
        return aliases.stream().mapToInt(a -> a.capacity().containers()).sum();
    }

    public int tasks() {
        return aliases.stream().mapToInt(a -> a.capacity().tasks()).sum();
    }

    /** The cost of the aliases whose price is known (all of it when {@link #costKnown()}). */
    public BigDecimal pricedCost() {
        return aliases.stream().map(a -> a.knownCost().orElse(BigDecimal.ZERO)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** True when every alias has a known cost. */
    public boolean costKnown() {
        return aliases.stream().noneMatch(AliasPlan::priceUnknown);
    }
}
