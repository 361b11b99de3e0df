package dev.benchfleet.provider.azure.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One page of the Azure Retail Prices API ({@code {"Items":[...],"NextPageLink":...,"Count":...}}), reduced to
 * the meters {@code plan} can use: Linux (the product name has no "Windows"), pay-as-you-go (not Spot, not Low
 * Priority), priced per hour.
 *
 * @param meters   the usable meters of the page
 * @param nextPage the API's {@code NextPageLink}, when there is one
 */
public record AzureRetailPricesPage(List<Meter> meters, Optional<String> nextPage) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AzureRetailPricesPage {
        meters = List.copyOf(meters);
    }

    /**
     * One usable meter.
     *
     * @param size               {@code armSkuName}
     * @param perHour            {@code retailPrice}
     * @param currency           {@code currencyCode}
     * @param effectiveStartDate {@code effectiveStartDate} as written (ISO-8601, so it sorts as text)
     */
    public record Meter(String size, BigDecimal perHour, String currency, String effectiveStartDate) {
    }

    /** Parses a page; what is not the API's shape is an {@link IllegalArgumentException} saying where. */
    public static AzureRetailPricesPage parse(InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        if (root == null || !root.path("Items").isArray()) {
            throw new IllegalArgumentException("not a Retail Prices API page: no \"Items\" array");
        }
        List<Meter> meters = new ArrayList<>();
        JsonNode items = root.get("Items");
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!usable(item)) {
                continue;
            }
            JsonNode price = item.has("retailPrice") ? item.get("retailPrice") : item.path("unitPrice");
            if (!price.isNumber() || price.decimalValue().signum() < 0) {
                throw new IllegalArgumentException("$.Items[" + i + "].retailPrice must be a number >= 0");
            }
            meters.add(new Meter(item.get("armSkuName").asText(), price.decimalValue(),
                    item.path("currencyCode").asText("USD"), item.path("effectiveStartDate").asText("")));
        }
        JsonNode next = root.path("NextPageLink");
        return new AzureRetailPricesPage(meters,
                next.isTextual() && !next.asText().isBlank() ? Optional.of(next.asText()) : Optional.empty());
    }

    private static boolean usable(JsonNode item) {
        String size = item.path("armSkuName").asText("");
        String product = item.path("productName").asText("");
        String meter = (item.path("skuName").asText("") + " " + item.path("meterName").asText("")).toLowerCase(Locale.ROOT);
        return !size.isBlank() && !product.contains("Windows") && !meter.contains("spot")
                && !meter.contains("low priority") && "1 Hour".equals(item.path("unitOfMeasure").asText())
                && "Consumption".equals(item.path("type").asText("Consumption"));
    }
}
