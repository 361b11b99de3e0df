package dev.benchfleet.provider.azure.boot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The two Azure endpoints a runner VM talks to besides the orchestrator, on loopback: the instance metadata
 * service (compute facts as text, a managed-identity token; both demand {@code Metadata: true}) and ARM's
 * {@code deallocate}, which is recorded with the Authorization header it came with.
 */
final class AzureMetadataStub implements AutoCloseable {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
    static final String IDENTITY_TOKEN = "eyJ0eXAiOiJKV1QiLCJ.identity-token-of-the-vm";

    /** A deallocate call: the path and the Authorization header. */
    record Deallocation(String path, String authorization) {
    }

    final List<Deallocation> deallocations = new CopyOnWriteArrayList<>();
    final List<String> metadataRequests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> new Thread(r, "azure-metadata-stub"));
    private final String resourceGroup;
    private final String vmName;

    AzureMetadataStub(String resourceGroup, String vmName) throws IOException {
        this.resourceGroup = resourceGroup;
        this.vmName = vmName;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/metadata/", this::metadata);
        server.createContext("/subscriptions/", this::arm);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void metadata(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        metadataRequests.add(path);
        if (!"true".equals(exchange.getRequestHeaders().getFirst("Metadata"))) {
            answer(exchange, 400, "{\"error\": \"Bad request. Required metadata header not specified\"}");
            return;
        }
        switch (path) {
            case "/metadata/instance/compute/subscriptionId" -> answer(exchange, 200, SUBSCRIPTION);
            case "/metadata/instance/compute/resourceGroupName" -> answer(exchange, 200, resourceGroup);
            case "/metadata/instance/compute/name" -> answer(exchange, 200, vmName);
            case "/metadata/identity/oauth2/token" -> answer(exchange, 200, "{\"access_token\": \"" + IDENTITY_TOKEN
                    + "\", \"expires_in\": \"86399\", \"resource\": \"https://management.azure.com/\", \"token_type\": \"Bearer\"}");
            default -> answer(exchange, 404, "{}");
        }
    }

    private void arm(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if ("POST".equals(exchange.getRequestMethod()) && path.endsWith("/deallocate")) {
            deallocations.add(new Deallocation(path + "?" + exchange.getRequestURI().getQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            answer(exchange, 202, "");
        } else {
            answer(exchange, 404, "{}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
