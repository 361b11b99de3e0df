package dev.benchfleet.provider.aws.catalog;

import com.sun.net.httpserver.HttpServer;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.HourlyPrice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The price list parser on a small sample of the offer file's shape, the price file, and a refresh over loopback HTTP. */
class AwsPriceListTest {

    private static final Clock DAY = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static InputStream sample() {
        return AwsPriceListTest.class.getResourceAsStream("/pricing/aws-offer-sample.json");
    }

    @Test
    void keepsOnlyOnDemandSharedLinuxWithoutSoftwareAndIgnoresReservedTerms() throws IOException {
        AwsPriceListParser.Parsed parsed = new AwsPriceListParser(() -> false).parse(sample());

        assertThat(parsed.publicationDate()).isEqualTo("2026-11-20T00:00:00Z");
        assertThat(parsed.usdPerHour()).containsOnlyKeys("c7g.medium", "c7i.large", "t3.micro");
        assertThat(parsed.usdPerHour().get("c7g.medium")).isEqualByComparingTo("0.0363");
        assertThat(parsed.usdPerHour().get("c7i.large")).as("not Windows, dedicated, unused reservation or SQL")
                .isEqualByComparingTo("0.0893");
        assertThat(parsed.usdPerHour().get("t3.micro")).as("a zero dimension is not a price").isEqualByComparingTo("0.0104");
    }

    @Test
    void somethingElseIsNotAnOfferFile() {
        assertThatThrownBy(() -> new AwsPriceListParser(() -> false).parse(
                new java.io.ByteArrayInputStream("[1, 2]".getBytes())))
                .isInstanceOf(IOException.class).hasMessageContaining("not an AWS offer file");
        assertThatThrownBy(() -> new AwsPriceListParser(() -> false).parse(
                new java.io.ByteArrayInputStream("{\"products\": {}}".getBytes())))
                .isInstanceOf(IOException.class).hasMessageContaining("no publicationDate");
    }

    @Test
    void readingStopsWhenAsked() {
        assertThatThrownBy(() -> new AwsPriceListParser(() -> true).parse(sample()))
                .isInstanceOf(java.io.InterruptedIOException.class);
    }

    @Test
    void thePriceFileRoundTripsAndCarriesItsSourceAndDate() throws IOException {
        AwsPriceList prices = new AwsPriceList("eu-west-1", "https://example.test/index.json", "2026-11-20T00:00:00Z",
                LocalDate.of(2026, 11, 29), Map.of("c7g.medium", new BigDecimal("0.0394")));
        Path file = dir.resolve("catalogs/aws-prices.json");

        prices.write(file);

        assertThat(AwsPriceList.read(file)).isEqualTo(prices);
        assertThat(Files.readString(file)).contains("\"retrieved_on\" : \"2026-11-29\"").contains("\"source\"");
        Files.writeString(file, "{\"region\": \"x\"}");
        assertThatThrownBy(() -> AwsPriceList.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("required");
    }

    @Test
    void refreshedPricesWinOverTheBundledNullsAndPlanSeesThemWithTheirSource() {
        AwsPriceList prices = new AwsPriceList("eu-west-1", "https://example.test/index.json", "2026-11-20T00:00:00Z",
                LocalDate.of(2026, 11, 29), Map.of("c7g.medium", new BigDecimal("0.0394")));
        AwsInstanceCatalog catalog = AwsInstanceCatalog.bundled().withPrices(prices);

        HourlyPrice price = catalog.coreCatalog().info("c7g.medium").orElseThrow().knownPrice().orElseThrow();
        assertThat(price.usdPerHour()).isEqualByComparingTo("0.0394");
        assertThat(price.region()).isEqualTo("eu-west-1");
        assertThat(price.asOf()).isEqualTo(LocalDate.of(2026, 11, 29));
        assertThat(price.source()).contains("https://example.test/index.json").contains("published 2026-11-20");
        assertThat(catalog.coreCatalog().info("c7i.large").orElseThrow().knownPrice()).as("not in the file").isEmpty();
        assertThat(AwsInstanceCatalog.bundled().coreCatalog().info("c7g.medium").orElseThrow().knownPrice())
                .as("the bundled catalog has no dated price").isEmpty();
    }

    @Test
    void aDamagedUserFileIsNotUsedAndSaysWhy() throws IOException {
        Path file = Files.writeString(dir.resolve("aws-prices.json"), "not json");

        AwsInstanceCatalog catalog = AwsInstanceCatalog.bundled().withPricesFrom(file);

        assertThat(catalog.userPricesProblem()).hasValueSatisfying(why -> assertThat(why).contains(file.toString()));
        assertThat(catalog.userPrices()).isEmpty();
        assertThat(AwsInstanceCatalog.bundled().withPricesFrom(dir.resolve("absent.json")).userPricesProblem()).isEmpty();
    }

    @Test
    void refreshDownloadsTheRegionsOfferFileOverHttp() throws IOException {
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            if (!exchange.getRequestURI().getPath().contains("/eu-west-1/")) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = sample().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            AwsPriceRefresh refresh = new AwsPriceRefresh(base, DAY);

            AwsPriceList prices = refresh.refresh("eu-west-1", new CancellationToken());

            assertThat(paths).containsExactly("/offers/v1.0/aws/AmazonEC2/current/eu-west-1/index.json");
            assertThat(prices.region()).isEqualTo("eu-west-1");
            assertThat(prices.source()).isEqualTo(base + "/offers/v1.0/aws/AmazonEC2/current/eu-west-1/index.json");
            assertThat(prices.retrievedOn()).isEqualTo(LocalDate.of(2026, 11, 29));
            assertThat(prices.usdPerHour()).containsKey("c7g.medium");
            assertThatThrownBy(() -> refresh.refresh("us-west-2", new CancellationToken()))
                    .isInstanceOf(ExternalException.class).hasMessageContaining("HTTP 404");
        } finally {
            server.stop(0);
        }
        assertThat(new AwsPriceRefresh(AwsPriceRefresh.DEFAULT_BASE, DAY).offerFile("us-east-1")).hasToString(
                "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.json");
    }
}
