package dev.benchfleet.orchestrator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors Jetty answers itself (a malformed request line, headers too large, an ambiguous path):
 * the protocol's {@code {"error": ...}} shape, never a stack trace or server version.
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);

    private final ObjectMapper json;
    private final LogBudget budget = new LogBudget(20, java.time.Duration.ofSeconds(10));

    JsonErrorHandler(ObjectMapper json) {
        this.json = json;
        setShowStacks(false);
        setShowCauses(false);
        setShowOrigin(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        if (code >= 400 && code < 500 && cause != null && budget.allow()) {
            // e.g. malformed chunked encoding or a body cut short: the client's fault, one line, no stack trace
            LOG.warn("Bad request from {} ({} /{}): {} {}", Request.getRemoteAddr(request), request.getMethod(),
                    ApiHandler.firstSegmentOf(request.getHttpURI().getPath()), code, message);
        }
        byte[] body = body(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        // Jetty answers these before reading the body, and then drops the connection: say so
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status, reason));
    }

    private byte[] body(int code, String message) {
        String text = message == null || message.isBlank() ? "HTTP " + code : message;
        return json.createObjectNode().put("error", text).toString().getBytes(StandardCharsets.UTF_8);
    }
}
