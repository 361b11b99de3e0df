package dev.benchfleet.provider.azure.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.benchfleet.core.spi.UserPriceFiles;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Pay-as-you-go Linux VM prices of one region as {@code catalog refresh azure} took them from the Azure Retail
 * Prices API: the user's price catalog ({@code ~/.benchfleet/catalogs/azure-prices.json}), which wins over the
 * bundled catalog's (null) prices. Every price carries where and when it was read.
 *
 * @param region      the region the prices are for ({@code armRegionName})
 * @param source      the first page's URL
 * @param currency    the API's {@code currencyCode}: USD (the API's default; {@code plan} shows US dollars)
 * @param retrievedOn the day it was downloaded
 * @param perHour     size name ({@code armSkuName}) → price per hour
 */
public record AzurePriceList(String region, String source, String currency, LocalDate retrievedOn,
                             Map<String, BigDecimal> perHour) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public AzurePriceList {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(retrievedOn, "retrievedOn");
        if (!"USD".equals(currency)) {
            throw new IllegalArgumentException("currency must be USD, got '" + currency + "'");
        }
        perHour = Collections.unmodifiableMap(new TreeMap<>(perHour));
    }

    /** Reads a file {@link #write} wrote; a damaged one is an {@link IllegalArgumentException} naming it. */
    public static AzurePriceList read(Path file) throws IOException {
        FileForm form;
        try {
            form = JSON.readValue(file.toFile(), FileForm.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + " is not an Azure price file: " + e.getOriginalMessage(), e);
        }
        if (form.region() == null || form.source() == null || form.currency() == null || form.retrievedOn() == null
                || form.prices() == null) {
            throw new IllegalArgumentException(file + ": region, source, currency, retrieved_on and prices are required");
        }
        form.prices().forEach((size, price) -> {
            if (price == null || price.signum() < 0) {
                throw new IllegalArgumentException(file + ": prices." + size + " must be a number >= 0");
            }
        });
        try {
            return new AzurePriceList(form.region(), form.source(), form.currency(), LocalDate.parse(form.retrievedOn()),
                    form.prices());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the file whole: a temp file beside it, then a rename, so a failed refresh keeps the old file. */
    public void write(Path file) throws IOException {
        UserPriceFiles.replace(file, JSON.writeValueAsBytes(new FileForm("Pay-as-you-go Linux VM prices per hour (" + currency + ") of "
                + region + " from the Azure Retail Prices API; written by `catalog refresh azure`.", region, source,
                currency, retrievedOn.toString(), perHour)));
    }

    /** The file as written. */
    private record FileForm(@JsonProperty("_about") String about, @JsonProperty("region") String region,
                            @JsonProperty("source") String source, @JsonProperty("currency") String currency,
                            @JsonProperty("retrieved_on") String retrievedOn,
                            @JsonProperty("prices") Map<String, BigDecimal> prices) {
    }
}
