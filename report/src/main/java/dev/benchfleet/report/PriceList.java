package dev.benchfleet.report;

import java.util.Map;
import java.util.Optional;

/**
 * Prices in USD per hour, when known. Looked up as {@code provider/instance_type}, then
 * {@code provider/alias}, then {@code instance_type}. A price in a task's {@code metadata.json}
 * ({@code price_per_hour}) wins over this list.
 */
public record PriceList(Map<String, Double> perHour) {

    public PriceList {
        perHour = Map.copyOf(perHour);
    }

    public static PriceList none() {
        return new PriceList(Map.of());
    }

    public Optional<Double> lookup(String provider, String instanceType, String alias) {
        Double price = perHour.get(provider + "/" + instanceType);
        if (price == null) {
            price = perHour.get(provider + "/" + alias);
        }
        if (price == null) {
            price = perHour.get(instanceType);
        }
        return Optional.ofNullable(price);
    }
}
