package dev.benchfleet.orchestrator.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.benchfleet.orchestrator.runs.OrchestratorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading requests and writing responses of one HTTP exchange. */
final class Exchange {

    private static final int MAX_JSON_BYTES = 1024 * 1024;

    private final HttpExchange http;
    private final ObjectMapper json;

    Exchange(HttpExchange http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    HttpExchange raw() {
        return http;
    }

    String method() {
        return http.getRequestMethod();
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    /** The request body as a JSON object; a refusal never quotes the body, which may hold secrets. */
    JsonNode jsonBody() throws IOException {
        byte[] body = readLimited(http.getRequestBody());
        if (body.length == 0) {
            throw OrchestratorException.badRequest("Request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw OrchestratorException.badRequest("Request body is not valid JSON" + where);
        }
        if (node == null || !node.isObject()) {
            throw OrchestratorException.badRequest("Request body must be a JSON object");
        }
        return node;
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
        if (bytes.length > MAX_JSON_BYTES) {
            throw new PayloadTooLargeException("Request body is larger than " + MAX_JSON_BYTES + " bytes");
        }
        return bytes;
    }

    void sendJson(int status, Object body) throws IOException {
        send(status, "application/json", json.writeValueAsBytes(body));
    }

    void sendError(int status, String message) throws IOException {
        sendJson(status, json.createObjectNode().put("error", message));
    }

    void sendHtml(int status, String html) throws IOException {
        send(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    void sendFile(Path file, String contentType) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.sendResponseHeaders(200, Files.size(file));
        try (OutputStream out = http.getResponseBody()) {
            Files.copy(file, out);
        }
    }

    private void send(int status, String contentType, byte[] bytes) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.getResponseHeaders().set("Cache-Control", "no-store");
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Thrown when a request body is over the size limit. */
    static final class PayloadTooLargeException extends RuntimeException {
        PayloadTooLargeException(String message) {
            super(message);
        }
    }
}
