package dev.benchfleet.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client for the orchestrator under test, on loopback only. */
final class TestHttp {

    record Answer(int status, JsonNode json, String text) {
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String key;

    TestHttp(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), false);
    }

    Answer getWithKey(String path, String otherKey) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + otherKey).GET(), false);
    }

    Answer putWithKey(String path, byte[] body, String otherKey) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + otherKey)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), false);
    }

    Answer post(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), true);
    }

    Answer postWithoutKey(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)), false);
    }

    Answer postWithKey(String path, String body, String otherKey) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + otherKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)), false);
    }

    Answer putBytes(String url, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/gzip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), false);
    }

    byte[] download(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + r.statusCode());
        }
        return r.body();
    }

    private Answer send(HttpRequest.Builder request, boolean withKey) {
        if (withKey) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json") && !r.body().isEmpty()) {
                json = JSON.readTree(r.body());
            }
            return new Answer(r.statusCode(), json, r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
