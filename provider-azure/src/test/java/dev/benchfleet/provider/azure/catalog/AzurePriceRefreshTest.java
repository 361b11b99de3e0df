package dev.benchfleet.provider.azure.catalog;

import com.sun.net.httpserver.HttpServer;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.CancellationToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

/**
 * The Retail Prices API reader against the hand-made two-page sample in {@code src/test/resources/pricing}, parsed
 * directly and served by a loopback HTTP server.
 */
class AzurePriceRefreshTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T01:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String sample(String name) throws IOException {
        try (InputStream in = AzurePriceRefreshTest.class.getResourceAsStream("/pricing/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Serves page 1 for the first request, page 2 for the one with $skip, with {{BASE}} made the server's. */
    private URI serve(int status, String page2NextLink) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String page1 = sample("azure-retail-prices-page1.json").replace("{{BASE}}", base);
        String page2 = sample("azure-retail-prices-page2.json");
        if (page2NextLink != null) {
            page2 = page2.replace("\"NextPageLink\": null", "\"NextPageLink\": \"" + page2NextLink + "\"");
        }
        String second = page2;
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            asked.add(exchange.getRequestURI().getPath() + "?" + query);
            byte[] body = (query != null && query.contains("$skip") ? second : page1).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create(base);
    }

    @Test
    void aPageKeepsOnlyLinuxPayAsYouGoHourlyMetersAndItsNextLink() throws IOException {
        AzureRetailPricesPage page = AzureRetailPricesPage.parse(new ByteArrayInputStream(
                sample("azure-retail-prices-page1.json").getBytes(StandardCharsets.UTF_8)));

        // Spot, Windows and Low Priority meters are left out; the older D2als_v6 meter stays for the merge.
        assertThat(page.meters()).extracting(AzureRetailPricesPage.Meter::size, AzureRetailPricesPage.Meter::perHour)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Standard_D2pls_v6", new BigDecimal("0.07")),
                        org.assertj.core.groups.Tuple.tuple("Standard_D2als_v6", new BigDecimal("0.09")));
        assertThat(page.nextPage()).hasValueSatisfying(next -> assertThat(next).contains("$skip=5"));
    }

    @Test
    void aPageNotInTheApisShapeSaysSo() {
        assertThatThrownBy(() -> AzureRetailPricesPage.parse(new ByteArrayInputStream("{\"items\":[]}".getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("no \"Items\" array");
    }

    @Test
    void refreshFollowsThePagesAndKeepsTheLatestPricePerSize() throws IOException {
        URI base = serve(200, null);

        AzurePriceList prices = new AzurePriceRefresh(base, CLOCK).refresh("eastus", new CancellationToken());

        assertThat(asked).hasSize(2);
        assertThat(asked.get(0)).isEqualTo("/api/retail/prices?api-version=2023-01-01-preview&$filter="
                + "serviceName%20eq%20%27Virtual%20Machines%27%20and%20armRegionName%20eq%20%27eastus%27%20and%20"
                + "priceType%20eq%20%27Consumption%27");
        assertThat(prices.perHour()).isEqualTo(Map.of("Standard_D2pls_v6", new BigDecimal("0.07"),
                "Standard_D2als_v6", new BigDecimal("0.085"), "Standard_D4s_v5", new BigDecimal("0.192")));
        assertThat(prices.region()).isEqualTo("eastus");
        assertThat(prices.source()).startsWith(base + "/api/retail/prices?");
        assertThat(prices.retrievedOn()).isEqualTo(LocalDate.of(2026, 11, 30));

        Path file = dir.resolve("catalogs/azure-prices.json");
        prices.write(file);
        assertThat(AzurePriceList.read(file)).isEqualTo(prices);
    }

    @Test
    void aNextPageLinkToAnotherHostIsNotFollowed() throws IOException {
        URI base = serve(200, "http://example.invalid/api/retail/prices?$skip=8");

        assertThatThrownBy(() -> new AzurePriceRefresh(base, CLOCK).refresh("eastus", new CancellationToken()))
                .isInstanceOf(ExternalException.class).hasMessageContaining("another host (http://example.invalid)");
        assertThat(asked).hasSize(2);
    }

    @Test
    void anHttpErrorIsAClearErrorAndTheExistingFileIsKept() throws IOException {
        URI base = serve(503, null);
        Path file = dir.resolve("azure-prices.json");
        new AzurePriceList("eastus", "earlier", "USD", LocalDate.of(2026, 1, 1),
                Map.of("Standard_D2pls_v6", BigDecimal.ONE)).write(file);
        String before = Files.readString(file);

        assertThatThrownBy(() -> new AzurePriceRefresh(base, CLOCK).refresh("eastus", new CancellationToken()).write(file))
                .isInstanceOf(ExternalException.class).hasMessageContaining("answered HTTP 503");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void aCancelledRefreshStopsBeforeAsking() throws IOException {
        URI base = serve(200, null);
        CancellationToken cancelled = new CancellationToken();
        cancelled.cancel();

        assertThatThrownBy(() -> new AzurePriceRefresh(base, CLOCK).refresh("eastus", cancelled))
                .isInstanceOf(CancellationToken.CancelledException.class);
        assertThat(asked).isEmpty();
    }

    @Test
    void refreshedPricesWinOverTheBundledNullsAndADamagedFileIsReported() throws IOException {
        Path file = dir.resolve("azure-prices.json");
        new AzurePriceList("eastus", "http://prices.test/api", "USD", LocalDate.of(2026, 11, 30),
                Map.of("standard_d2pls_v6", new BigDecimal("0.07"))).write(file);

        AzureVmCatalog catalog = AzureVmCatalog.bundled().withPricesFrom(file);

        assertThat(catalog.coreCatalog().info("Standard_D2pls_v6").orElseThrow().price()).satisfies(price -> {
            assertThat(price.usdPerHour()).isEqualByComparingTo("0.07");
            assertThat(price.region()).isEqualTo("eastus");
            assertThat(price.source()).isEqualTo("Azure Retail Prices API http://prices.test/api");
        });
        assertThat(AzureVmCatalog.bundled().coreCatalog().info("Standard_D2pls_v6").orElseThrow().price()).isNull();

        Files.writeString(file, "{\"region\":");
        AzureVmCatalog damaged = AzureVmCatalog.bundled().withPricesFrom(file);
        assertThat(damaged.userPricesProblem()).hasValueSatisfying(why -> assertThat(why).contains("not an Azure price file"));
        assertThat(damaged.coreCatalog().info("Standard_D2pls_v6").orElseThrow().price()).isNull();
    }
}
