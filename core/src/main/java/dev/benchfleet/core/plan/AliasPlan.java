package dev.benchfleet.core.plan;

import dev.benchfleet.core.capacity.EntryCapacity;
import dev.benchfleet.core.spi.Architecture;
import dev.benchfleet.core.spi.HourlyPrice;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The plan of one instance entry (alias): its capacity, and what it is estimated to cost.
 *
 * @param capacity         the entry's capacity plan (vCPUs, runners per instance, instances, tasks)
 * @param architecture     the architecture (the entry's {@code "arch"} or the catalog's), or {@code null} when unknown
 * @param hoursPerInstance how long each instance is up: {@link EntryCapacity#rounds()} × the task length
 * @param price            the on-demand price per hour, or {@code null}: unknown, or not billed
 * @param billed           whether the provider costs money ({@code pre_orchestrator}); local machines do not
 * @param estimatedCost    instances × price × hours; zero when not billed, {@code null} when the price is unknown
 */
public record AliasPlan(EntryCapacity capacity, Architecture architecture, BigDecimal hoursPerInstance,
                        HourlyPrice price, boolean billed, BigDecimal estimatedCost) {

    public AliasPlan {
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(hoursPerInstance, "hoursPerInstance");
    }

    public String alias() {
        return capacity.alias();
    }

    public String instanceType() {
        return capacity.instanceType();
    }

    /** The architecture, when known. */
    public Optional<Architecture> knownArchitecture() {
        return Optional.ofNullable(architecture);
    }

    /** The price per hour, when known and billed. */
    public Optional<HourlyPrice> knownPrice() {
        return Optional.ofNullable(price);
    }

    /** The estimated cost, when it can be known. */
    public Optional<BigDecimal> knownCost() {
        return Optional.ofNullable(estimatedCost);
    }

    /** Billed, but no price is known: the estimate is incomplete. */
    public boolean priceUnknown() {
        return billed && price == null;
    }
}
