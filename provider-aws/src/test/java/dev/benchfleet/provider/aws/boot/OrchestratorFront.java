package dev.benchfleet.provider.aws.boot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for the artifact endpoint the orchestrator is getting ({@code GET
 * /artifacts/task-runner.jar}, no key): it serves this build's task-runner.jar and passes every other
 * request on to the real orchestrator unchanged (method, path, query, Authorization, Content-Type, body).
 * The embedded orchestrator of the tests does not bundle the jar (only orchestrator.jar would), so the
 * boot script reaches both through this one base URL, as it reaches the one orchestrator in the cloud.
 */
final class OrchestratorFront implements AutoCloseable {

    private static final int MAX_BODY = 64 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger jarDownloads = new AtomicInteger();

    OrchestratorFront(URI orchestrator, Path jar) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "orchestrator-front-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().equals("/artifacts/task-runner.jar")
                        && exchange.getRequestMethod().equals("GET")) {
                    jarDownloads.incrementAndGet();
                    exchange.getResponseHeaders().set("Content-Type", "application/java-archive");
                    exchange.sendResponseHeaders(200, Files.size(jar));
                    try (OutputStream out = exchange.getResponseBody()) {
                        Files.copy(jar, out);
                    }
                } else {
                    forward(client, orchestrator, exchange);
                }
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(502, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    private static void forward(HttpClient client, URI orchestrator, HttpExchange exchange)
            throws IOException, InterruptedException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY);
        }
        URI target = orchestrator.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of("Authorization", "Content-Type")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int jarDownloads() {
        return jarDownloads.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
