package dev.benchfleet.provider.aws.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Reads an EC2 bulk offer file ({@code .../offers/v1.0/aws/AmazonEC2/current/<region>/index.json}) as a stream
 * — a region's file is hundreds of MB — and keeps the on-demand hourly price of each instance type as Benchfleet
 * runs it: {@code productFamily} "Compute Instance", {@code operatingSystem} "Linux", {@code tenancy} "Shared",
 * {@code preInstalledSw} "NA", {@code capacitystatus} "Used", {@code operation} "RunInstances" (no licence), and of
 * the {@code terms.OnDemand} entry of that product, the price dimension with unit {@code Hrs} in {@code USD}.
 * Products come before terms in the file, so one pass suffices; reserved terms are skipped unread.
 */
public final class AwsPriceListParser {

    /** What the file says. */
    public record Parsed(String publicationDate, Map<String, BigDecimal> usdPerHour) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final BooleanSupplier stop;

    /** @param stop checked as the file is read: true gives up (Ctrl-C, a deadline) */
    public AwsPriceListParser(BooleanSupplier stop) {
        this.stop = stop;
    }

    public Parsed parse(InputStream in) throws IOException {
        Map<String, String> typeBySku = new HashMap<>();
        Map<String, BigDecimal> prices = new TreeMap<>();
        String publicationDate = "";
        try (JsonParser parser = new JsonFactory(mapper).createParser(in)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "the file");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "publicationDate" -> publicationDate = parser.getValueAsString("");
                    case "products" -> products(parser, typeBySku);
                    case "terms" -> terms(parser, typeBySku, prices);
                    default -> parser.skipChildren();
                }
            }
        }
        if (publicationDate.isEmpty()) {
            throw new IOException("not an AWS offer file: no publicationDate");
        }
        return new Parsed(publicationDate, prices);
    }

    private void products(JsonParser parser, Map<String, String> typeBySku) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT, "products");
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            checkStop();
            parser.nextToken();
            JsonNode product = parser.readValueAsTree();
            JsonNode a = product.path("attributes");
            if ("Compute Instance".equals(product.path("productFamily").asText())
                    && "Linux".equals(a.path("operatingSystem").asText())
                    && "Shared".equals(a.path("tenancy").asText())
                    && "NA".equals(a.path("preInstalledSw").asText())
                    && "Used".equals(a.path("capacitystatus").asText())
                    && "RunInstances".equals(a.path("operation").asText())
                    && !a.path("instanceType").asText().isEmpty()) {
                typeBySku.put(product.path("sku").asText(), a.path("instanceType").asText());
            }
        }
    }

    private void terms(JsonParser parser, Map<String, String> typeBySku, Map<String, BigDecimal> prices) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT, "terms");
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String kind = parser.currentName();
            parser.nextToken();
            if (!"OnDemand".equals(kind)) {
                parser.skipChildren();
                continue;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                checkStop();
                String sku = parser.currentName();
                parser.nextToken();
                String type = typeBySku.get(sku);
                if (type == null) {
                    parser.skipChildren();
                    continue;
                }
                JsonNode offers = parser.readValueAsTree();
                hourlyUsd(offers).ifPresent(price -> prices.put(type, price));
            }
        }
    }

    /** The one {@code Hrs} dimension's USD price of a product's on-demand offers. */
    private static java.util.Optional<BigDecimal> hourlyUsd(JsonNode offers) {
        for (JsonNode offer : offers) {
            for (JsonNode dimension : offer.path("priceDimensions")) {
                JsonNode usd = dimension.path("pricePerUnit").path("USD");
                if ("Hrs".equals(dimension.path("unit").asText()) && usd.isTextual()) {
                    try {
                        BigDecimal price = new BigDecimal(usd.asText());
                        if (price.signum() > 0) {
                            return java.util.Optional.of(price.stripTrailingZeros());
                        }
                    } catch (NumberFormatException e) {
                        // not a price: look at the next dimension
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }

    private void checkStop() throws IOException {
        if (stop.getAsBoolean()) {
            throw new java.io.InterruptedIOException("stopped reading the price list");
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException("not an AWS offer file: " + what + " is " + actual + ", expected " + expected);
        }
    }
}
