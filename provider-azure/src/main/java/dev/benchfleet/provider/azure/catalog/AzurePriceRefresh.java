package dev.benchfleet.provider.azure.catalog;

import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.CancellationToken;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code catalog refresh azure}: reads a region's VM prices from the public Azure Retail Prices API (no
 * credentials needed), page by page, and turns them into an {@link AzurePriceList}:
 * <pre>{@code https://prices.azure.com/api/retail/prices?api-version=2023-01-01-preview
 *     &$filter=serviceName eq 'Virtual Machines' and armRegionName eq '<region>' and priceType eq 'Consumption'}</pre>
 * {@code NextPageLink} is followed only on the first page's host, redirects not at all, at most {@link #MAX_PAGES}
 * pages; each page's wait is bounded by {@link #PAGE}, the whole by {@link #TOTAL}, and Ctrl-C stops between pages.
 */
public final class AzurePriceRefresh {

    /** The Retail Prices API's host. */
    public static final URI DEFAULT_BASE = URI.create("https://prices.azure.com");
    static final String API_VERSION = "2023-01-01-preview";
    /** A region has a few thousand VM meters at 1000 a page; this leaves room and still ends. */
    static final int MAX_PAGES = 200;
    static final Duration PAGE = Duration.ofSeconds(60);
    static final Duration TOTAL = Duration.ofMinutes(15);

    private final URI base;
    private final Clock clock;

    /** @param base the API's host ({@link #DEFAULT_BASE}, or a mirror) */
    public AzurePriceRefresh(URI base, Clock clock) {
        this.base = base;
        this.clock = clock;
    }

    /** The first page of a region's VM prices. */
    public URI firstPage(String region) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        String filter = "serviceName eq 'Virtual Machines' and armRegionName eq '" + region
                + "' and priceType eq 'Consumption'";
        return URI.create(root + "api/retail/prices?api-version=" + API_VERSION + "&$filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** Reads every page of the region's prices; one price per size, the latest effective one. */
    public AzurePriceList refresh(String region, CancellationToken cancellation) {
        URI first = firstPage(region);
        Instant deadline = clock.instant().plus(TOTAL);
        HttpClient http = HttpClient.newBuilder().connectTimeout(PAGE).followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, AzureRetailPricesPage.Meter> latest = new HashMap<>();
        URI page = first;
        int pages = 0;
        while (page != null) {
            cancellation.throwIfCancelled();
            if (++pages > MAX_PAGES) {
                throw new ExternalException("azure: the Retail Prices API gave more than " + MAX_PAGES + " pages for "
                        + region + "; stopped", "run catalog refresh azure again later");
            }
            if (clock.instant().isAfter(deadline)) {
                throw new ExternalException("azure: reading the Retail Prices API took more than " + TOTAL.toMinutes()
                        + " min; stopped after " + (pages - 1) + " pages", "check the network and run catalog refresh azure again");
            }
            AzureRetailPricesPage parsed = fetch(http, page);
            for (AzureRetailPricesPage.Meter meter : parsed.meters()) {
                if (!"USD".equals(meter.currency())) {
                    throw new ExternalException("azure: the Retail Prices API answered in " + meter.currency()
                            + ", not USD, at " + page, "check BENCHFLEET_AZURE_PRICE_LIST_URL");
                }
                latest.merge(meter.size(), meter, (a, b) -> b.effectiveStartDate().compareTo(a.effectiveStartDate()) > 0 ? b : a);
            }
            page = parsed.nextPage().map(next -> sameHost(first, next)).orElse(null);
        }
        if (latest.isEmpty()) {
            throw new ExternalException("azure: the Retail Prices API has no pay-as-you-go Linux VM price for '" + region
                    + "' at " + first, "check the region name (az account list-locations -o table)");
        }
        Map<String, BigDecimal> perHour = new HashMap<>();
        latest.forEach((size, meter) -> perHour.put(size, meter.perHour()));
        return new AzurePriceList(region, first.toString(), "USD", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC),
                perHour);
    }

    private static URI sameHost(URI first, String next) {
        URI uri;
        try {
            uri = URI.create(next);
        } catch (IllegalArgumentException e) {
            throw new ExternalException("azure: the Retail Prices API's NextPageLink is not a URL", null, e);
        }
        if (!Objects.equals(uri.getScheme(), first.getScheme()) || !Objects.equals(uri.getHost(), first.getHost())
                || uri.getPort() != first.getPort()) {
            throw new ExternalException("azure: the Retail Prices API's NextPageLink points to another host ("
                    + uri.getScheme() + "://" + uri.getHost() + "); not followed", null);
        }
        return uri;
    }

    private static AzureRetailPricesPage fetch(HttpClient http, URI page) {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(page).timeout(PAGE)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ExternalException("azure: the Retail Prices API answered HTTP " + response.statusCode()
                            + " for " + page, "check the region name; the API is public, no credentials are needed");
                }
                return AzureRetailPricesPage.parse(body);
            } catch (IllegalArgumentException e) {
                throw new ExternalException("azure: " + page + ": " + e.getMessage(), "run catalog refresh azure again", e);
            }
        } catch (IOException e) {
            throw new ExternalException("azure: could not read the Retail Prices API at " + page + ": " + e,
                    "check the network and run catalog refresh azure again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationToken.CancelledException();
        }
    }
}
