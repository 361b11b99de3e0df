package dev.benchfleet.provider.aws.catalog;

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
 * On-demand Linux prices of one region as {@code catalog refresh aws} took them from AWS's public price list: the
 * user's price catalog ({@code ~/.benchfleet/catalogs/aws-prices.json}), which wins over the bundled catalog's
 * (null) prices. Every price carries where and when it was read.
 *
 * @param region          the region the prices are for
 * @param source          the offer file's URL
 * @param publicationDate the offer file's own {@code publicationDate}
 * @param retrievedOn     the day it was downloaded
 * @param usdPerHour      instance type → on-demand price per hour in US dollars (shared tenancy, Linux, no
 *                        pre-installed software)
 */
public record AwsPriceList(String region, String source, String publicationDate, LocalDate retrievedOn,
                           Map<String, BigDecimal> usdPerHour) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public AwsPriceList {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(publicationDate, "publicationDate");
        Objects.requireNonNull(retrievedOn, "retrievedOn");
        usdPerHour = Collections.unmodifiableMap(new TreeMap<>(usdPerHour));
    }

    /** Reads a file {@link #write} wrote; a damaged one is an {@link IllegalArgumentException} naming it. */
    public static AwsPriceList read(Path file) throws IOException {
        FileForm form;
        try {
            form = JSON.readValue(file.toFile(), FileForm.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + " is not an AWS price file: " + e.getOriginalMessage(), e);
        }
        if (form.region() == null || form.source() == null || form.retrievedOn() == null || form.prices() == null
                || form.publicationDate() == null) {
            throw new IllegalArgumentException(file + ": region, source, publication_date, retrieved_on and prices are required");
        }
        form.prices().forEach((type, price) -> {
            if (price == null || price.signum() < 0) {
                throw new IllegalArgumentException(file + ": prices." + type + " must be a number >= 0");
            }
        });
        return new AwsPriceList(form.region(), form.source(), form.publicationDate(), LocalDate.parse(form.retrievedOn()),
                form.prices());
    }

    /** Writes the file whole: a temp file beside it, then a rename. */
    public void write(Path file) throws IOException {
        UserPriceFiles.replace(file, JSON.writeValueAsBytes(new FileForm("On-demand Linux prices per hour (USD) of " + region
                + " from AWS's public price list; written by `catalog refresh aws`.", region, source, publicationDate,
                retrievedOn.toString(), usdPerHour)));
    }

    /** The file as written. */
    private record FileForm(@JsonProperty("_about") String about, @JsonProperty("region") String region,
                            @JsonProperty("source") String source,
                            @JsonProperty("publication_date") String publicationDate,
                            @JsonProperty("retrieved_on") String retrievedOn,
                            @JsonProperty("prices") Map<String, BigDecimal> prices) {
    }
}
