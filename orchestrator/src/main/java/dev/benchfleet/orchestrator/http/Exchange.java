package dev.benchfleet.orchestrator.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.orchestrator.runs.OrchestratorException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * One HTTP exchange as the protocol handlers see it: the request with its body already read in
 * full (by the transport, without a thread waiting on a slow client), and the answer they give,
 * which the transport then writes out. Independent of the HTTP server library.
 */
public final class Exchange {

    /** Largest JSON request body. */
    static final int MAX_JSON_BYTES = 1024 * 1024;

    /** The answer given to this exchange, written by the transport once the handler returns. */
    public record Answer(int status, String contentType, byte[] bytes, Path file, StreamBody stream) {
    }

    /** A streamed answer body of known length, opened when the transport writes it. */
    public interface StreamBody {
        long length();

        InputStream open() throws IOException;
    }

    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Function<String, String> headers;
    private final boolean secure;
    private final String remoteAddress;
    private final ObjectMapper json;
    private byte[] body = new byte[0];
    private Path bodyFile;
    private Answer answer;

    /**
     * @param headers first value of a request header by name (case-insensitive), or null
     * @param secure whether the request came in over TLS
     */
    public Exchange(String method, String rawPath, String rawQuery, Function<String, String> headers, boolean secure,
                    String remoteAddress, ObjectMapper json) {
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.secure = secure;
        this.remoteAddress = remoteAddress;
        this.json = json;
    }

    /** The body, read into memory by the transport. */
    void body(byte[] bytes) {
        this.body = bytes;
        this.bodyFile = null;
    }

    /** The body, spooled to a temporary file by the transport (large uploads). */
    void bodyFile(Path file) {
        this.bodyFile = file;
        this.body = new byte[0];
    }

    String method() {
        return method;
    }

    String rawPath() {
        return rawPath;
    }

    String rawQuery() {
        return rawQuery;
    }

    String header(String name) {
        return headers.apply(name);
    }

    boolean secure() {
        return secure;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    /** The request body as a stream (upload bodies). */
    InputStream bodyStream() {
        try {
            return bodyFile != null ? Files.newInputStream(bodyFile) : new ByteArrayInputStream(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request body as a JSON object; a refusal never quotes the body, which may hold secrets. */
    JsonNode jsonBody() {
        requireJsonSizedBody();
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? " (a field is given twice)"
                    : e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")
                    ? " (more after the JSON value)" : "";
            throw OrchestratorException.badRequest("Request body is not valid JSON" + where + why);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw OrchestratorException.badRequest("Request body must be a JSON object");
        }
        return node;
    }

    /**
     * The request body bound to a protocol record in one pass; a body that does not fit is a 400
     * naming the field, a body that is not JSON the same 400 as {@link #jsonBody}'s.
     */
    <T> T bind(dev.benchfleet.protocol.WireJson wire, Class<T> type) {
        requireJsonSizedBody();
        try {
            return wire.read(body, type);
        } catch (dev.benchfleet.protocol.WireFormatException e) {
            jsonBody(); // not JSON at all (or a field given twice, or more after it): its own message
            throw OrchestratorException.badRequest(e.getMessage());
        }
    }

    /** A body a JSON request may have: in memory, not empty, at most {@link #MAX_JSON_BYTES}. */
    private void requireJsonSizedBody() {
        if (bodyFile != null || body.length > MAX_JSON_BYTES) {
            throw new PayloadTooLargeException("Request body is larger than " + MAX_JSON_BYTES + " bytes");
        }
        if (body.length == 0) {
            throw OrchestratorException.badRequest("Request body must be a JSON object");
        }
    }

    void sendJson(int status, Object body) throws IOException {
        send(status, "application/json", json.writeValueAsBytes(body));
    }

    void sendError(int status, String message) throws IOException {
        sendJson(status, json.createObjectNode().put("error", message));
    }

    void sendHtml(int status, String html) {
        send(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    void sendText(int status, String text) {
        send(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    void sendFile(Path file, String contentType) {
        answer = new Answer(200, contentType, null, file, null);
    }

    void sendStream(StreamBody stream, String contentType) {
        answer = new Answer(200, contentType, null, null, stream);
    }

    void sendBytes(int status, String contentType, byte[] bytes) {
        send(status, contentType, bytes);
    }

    private void send(int status, String contentType, byte[] bytes) {
        answer = new Answer(status, contentType, bytes, null, null);
    }

    /** What the handler answered; null when it answered nothing. */
    public Answer answer() {
        return answer;
    }

    /** Thrown when a request body is over the size limit. */
    static final class PayloadTooLargeException extends RuntimeException {
        PayloadTooLargeException(String message) {
            super(message);
        }
    }
}
