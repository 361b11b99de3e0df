package dev.benchfleet.provider.aws.api;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A loopback HTTP server that answers AWS Query API calls (EC2, STS) with recorded-shape XML, so the real SDK
 * clients can be tested with {@code endpointOverride}: each request's form parameters and headers are kept.
 */
final class AwsStub implements AutoCloseable {

    /** One request: its form parameters and its Authorization header. */
    record Request(Map<String, String> params, String authorization, String contentType) {
        String action() {
            return params.getOrDefault("Action", "");
        }
    }

    /** An answer: HTTP status and XML body. */
    record Answer(int status, String body) {
        static Answer ok(String body) {
            return new Answer(200, body);
        }

        static Answer ec2Error(String code, String message) {
            return new Answer(400, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code
                    + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>req-1</RequestID></Response>");
        }
    }

    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;
    private final ExecutorService executor;

    AwsStub(Function<Request, Answer> answers) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "aws-stub"));
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            Request request = new Request(params, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"));
            requests.add(request);
            Answer answer = answers.apply(request);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
