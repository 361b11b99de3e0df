package dev.benchfleet.provider.aws.catalog;

import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.CancellationToken;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code catalog refresh aws}: downloads a region's EC2 bulk offer file from AWS's public price list (no
 * credentials needed) and turns it into an {@link AwsPriceList}:
 * <pre>{@code https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/<region>/index.json}</pre>
 * Every wait is bounded: connecting and the answer's headers by {@link #CONNECT}, the whole download by
 * {@link #DOWNLOAD} (the stream is closed when it runs out, or on Ctrl-C).
 */
public final class AwsPriceRefresh {

    /** AWS's price list host; the offer files need no credentials. */
    public static final URI DEFAULT_BASE = URI.create("https://pricing.us-east-1.amazonaws.com");
    static final Duration CONNECT = Duration.ofSeconds(30);
    static final Duration DOWNLOAD = Duration.ofMinutes(20);

    private final URI base;
    private final Clock clock;

    /** @param base the price list host ({@link #DEFAULT_BASE}, or a mirror) */
    public AwsPriceRefresh(URI base, Clock clock) {
        this.base = base;
        this.clock = clock;
    }

    /** The offer file of a region. */
    public URI offerFile(String region) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return URI.create(root + "offers/v1.0/aws/AmazonEC2/current/" + region + "/index.json");
    }

    /** Downloads and parses the region's offer file. */
    public AwsPriceList refresh(String region, CancellationToken cancellation) {
        URI url = offerFile(region);
        Instant deadline = clock.instant().plus(DOWNLOAD);
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).followRedirects(HttpClient.Redirect.NORMAL).build();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "benchfleet-price-download");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(CONNECT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ExternalException("aws: the price list answered HTTP " + response.statusCode() + " for " + url,
                            "check the region name; the file is public, no credentials are needed");
                }
                // A stalled stream never returns from read(): close it when the deadline passes or on Ctrl-C.
                watchdog.scheduleAtFixedRate(() -> {
                    if (cancellation.isCancelled() || clock.instant().isAfter(deadline)) {
                        closeQuietly(body);
                    }
                }, 1, 1, TimeUnit.SECONDS);
                AwsPriceListParser.Parsed parsed = new AwsPriceListParser(
                        () -> cancellation.isCancelled() || clock.instant().isAfter(deadline)).parse(body);
                if (parsed.usdPerHour().isEmpty()) {
                    throw new ExternalException("aws: the price list at " + url + " has no on-demand Linux instance price",
                            "check the region name");
                }
                return new AwsPriceList(region, url.toString(), parsed.publicationDate(),
                        LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), parsed.usdPerHour());
            }
        } catch (IOException e) {
            String why = cancellation.isCancelled() ? "cancelled"
                    : clock.instant().isAfter(deadline) ? "not done within " + DOWNLOAD.toMinutes() + " min" : e.toString();
            throw new ExternalException("aws: could not read the price list at " + url + ": " + why,
                    "check the network (the file is large: hundreds of MB) and run catalog refresh again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationToken.CancelledException();
        } finally {
            watchdog.shutdownNow();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing to unblock a read; nothing to add
        }
    }
}
