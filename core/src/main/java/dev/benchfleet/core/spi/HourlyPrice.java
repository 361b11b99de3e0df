package dev.benchfleet.core.spi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An on-demand price per hour of one instance type, with where it comes from. Catalogs give one only
 * where a dated, factual source exists; an unknown price is absent, never a guess.
 *
 * @param usdPerHour on-demand price in US dollars per hour, ≥ 0
 * @param region     the region the price is for ({@code us-east-1}, {@code eastus})
 * @param source     where the number comes from (a price list, a URL)
 * @param asOf       the day the source was read
 */
public record HourlyPrice(BigDecimal usdPerHour, String region, String source, LocalDate asOf) {

    public HourlyPrice {
        Objects.requireNonNull(usdPerHour, "usdPerHour");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(asOf, "asOf");
        if (usdPerHour.signum() < 0) {
            throw new IllegalArgumentException("a price per hour must be >= 0, got " + usdPerHour);
        }
    }

    @Override
    public String toString() {
        return "$" + usdPerHour.toPlainString() + "/h (" + region + ", " + source + ", " + asOf + ")";
    }
}
