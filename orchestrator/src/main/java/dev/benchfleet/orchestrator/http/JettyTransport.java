package dev.benchfleet.orchestrator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries HTTP between Jetty and {@link ApiHandler}. A request body is read with Jetty's
 * non-blocking demand/read loop, so a client that stalls mid-body holds no thread; once complete
 * (in memory up to 1 MiB, spooled to a temporary file for uploads) the handler runs, and its answer
 * is written asynchronously. Client faults (malformed chunking, disconnects, oversize bodies) are
 * one log line at most, never a stack trace.
 */
public final class JettyTransport extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(JettyTransport.class);
    /**
     * An upload body stays in memory up to this size (task results are kilobytes: no temporary file,
     * no extra system calls); a bigger one goes on to a file. Small enough that many uploads at once
     * stay a few megabytes of heap.
     */
    static final int UPLOAD_IN_MEMORY_BYTES = 64 * 1024;

    private final ApiHandler api;
    private final ClientGuard guard;
    private final ObjectMapper json;
    private final Path spoolDirectory;
    private final LogBudget budget = new LogBudget(20, java.time.Duration.ofSeconds(10));

    /** @param spoolDirectory where upload bodies are buffered until they are complete */
    public JettyTransport(ApiHandler api, ClientGuard guard, ObjectMapper json, Path spoolDirectory) {
        super(InvocationType.BLOCKING);
        this.api = api;
        this.guard = guard;
        this.json = json;
        this.spoolDirectory = spoolDirectory;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Connection connection = request.getConnectionMetaData().getConnection();
        InetAddress address = ClientGuard.address(request.getConnectionMetaData().getRemoteSocketAddress());
        if (!guard.enterRequest(connection, address)) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            writeError(response, callback, 429, "Too many requests in progress from your address; retry shortly");
            return true;
        }
        Request.addCompletionListener(request, failure -> guard.exitRequest(connection, address));
        Exchange ex = new Exchange(request.getMethod(), request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(), name -> request.getHeaders().get(name), request.isSecure(),
                address.getHostAddress(), json);
        ApiHandler.BodyPlan plan = api.bodyPlan(ex);
        long declared = request.getLength();
        if (plan.limit() == 0) {
            guard.bodyDone(connection);
            if (declared != 0 && !request.consumeAvailable()) {
                // an unread body still on its way: the connection cannot carry another request
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            respond(ex, response, callback);
            return true;
        }
        if (declared > plan.limit()) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            writeError(response, callback, 413, "Request body is larger than " + plan.limit() + " bytes");
            return true;
        }
        new BodyReader(request, response, callback, ex, plan, connection).run();
        return true;
    }

    /** Reads the body chunk by chunk as it arrives; each {@link #run} returns when no data is ready. */
    private final class BodyReader implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final Exchange ex;
        private final ApiHandler.BodyPlan plan;
        private final Connection connection;
        private final ByteArrayOutputStream memory;
        private Path file;
        private OutputStream fileOut;
        private long size;

        BodyReader(Request request, Response response, Callback callback, Exchange ex, ApiHandler.BodyPlan plan,
                   Connection connection) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.ex = ex;
            this.plan = plan;
            this.connection = connection;
            long declared = request.getLength();
            this.memory = new ByteArrayOutputStream(declared > 0 && declared <= UPLOAD_IN_MEMORY_BYTES
                    ? (int) declared : 256);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        request.demand(this);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        failed(chunk.getFailure());
                        return;
                    }
                    ByteBuffer buffer = chunk.getByteBuffer();
                    size += buffer.remaining();
                    if (size > plan.limit()) {
                        chunk.release();
                        cleanUp();
                        response.getHeaders().put(HttpHeader.CONNECTION, "close");
                        writeError(response, callback, 413, "Request body is larger than " + plan.limit() + " bytes");
                        return;
                    }
                    write(buffer);
                    boolean last = chunk.isLast();
                    chunk.release();
                    guard.bodyProgress(connection, size);
                    if (last) {
                        complete();
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                cleanUp();
                LOG.error("Cannot buffer a request body: {}", e.toString());
                writeError(response, callback, 500, "Internal error");
            }
        }

        private void write(ByteBuffer buffer) throws IOException {
            if (fileOut == null && (!plan.spool() || memory.size() + buffer.remaining() <= UPLOAD_IN_MEMORY_BYTES)) {
                if (buffer.hasArray()) {
                    memory.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                    buffer.position(buffer.limit());
                } else {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    memory.write(bytes);
                }
                return;
            }
            if (fileOut == null) {
                Files.createDirectories(spoolDirectory);
                file = Files.createTempFile(spoolDirectory, ".body-", ".part");
                fileOut = Files.newOutputStream(file);
                memory.writeTo(fileOut);
                memory.reset();
            }
            Channels.newChannel(fileOut).write(buffer);
        }

        private void complete() throws IOException {
            guard.bodyDone(connection);
            if (fileOut != null) {
                fileOut.close();
                ex.bodyFile(file);
                Path spooled = file;
                Request.addCompletionListener(request, failure -> deleteQuietly(spooled));
            } else {
                ex.body(memory.toByteArray());
            }
            respond(ex, response, callback);
        }

        private void failed(Throwable failure) {
            cleanUp();
            if (failure instanceof HttpException bad && bad.getCode() >= 400 && bad.getCode() < 500) {
                // malformed chunked encoding, or a body cut short: the client's fault, one line, no stack trace
                if (budget.allow()) {
                    LOG.warn("Bad request from {} ({} /{}): 400 {}", ex.remoteAddress(), ex.method(),
                            ApiHandler.firstSegmentOf(ex.rawPath()), bad.getReason());
                }
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                writeError(response, callback, 400, "Malformed request body");
            } else {
                // the client left or stalled past its deadline: nobody to answer
                LOG.debug("Request body from {} not received: {}", ex.remoteAddress(), describe(failure));
                callback.failed(quiet(failure));
            }
        }

        private void cleanUp() {
            if (fileOut != null) {
                try {
                    fileOut.close();
                } catch (IOException ignored) {
                    // the file goes anyway
                }
                deleteQuietly(file);
            }
        }
    }

    /** Runs the handler on the complete request and writes its answer without blocking. */
    private void respond(Exchange ex, Response response, Callback callback) {
        api.handle(ex);
        Exchange.Answer answer = ex.answer();
        if (answer == null) {
            writeError(response, callback, 500, "Internal error");
            return;
        }
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Callback logged = logDisconnect(callback, ex);
        try {
            if (answer.bytes() != null) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.bytes().length);
                response.write(true, ByteBuffer.wrap(answer.bytes()), logged);
            } else if (answer.file() != null) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(answer.file()));
                Content.copy(Content.Source.from(answer.file()), response, logged);
            } else {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.stream().length());
                // the source closes the stream at its end or on failure
                Content.copy(Content.Source.from(answer.stream().open()), response, logged);
            }
        } catch (IOException e) {
            LOG.error("Cannot send the answer to {} /{}: {}", ex.method(), ApiHandler.firstSegmentOf(ex.rawPath()),
                    e.toString());
            callback.failed(e);
        }
    }

    private static Callback logDisconnect(Callback callback, Exchange ex) {
        return Callback.from(callback::succeeded, failure -> {
            LOG.debug("Answer to {} /{} not delivered: {}", ex.method(), ApiHandler.firstSegmentOf(ex.rawPath()),
                    describe(failure));
            callback.failed(quiet(failure));
        });
    }

    private void writeError(Response response, Callback callback, int status, String message) {
        byte[] body = json.createObjectNode().put("error", message).toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Jetty's own error answers (bad request line, headers too large) in the protocol's JSON shape. */
    public static org.eclipse.jetty.server.Request.Handler errorHandler(ObjectMapper json) {
        return new JsonErrorHandler(json);
    }

    /** A client that left is no server fault: Jetty logs QuietExceptions at debug level only. */
    static Throwable quiet(Throwable failure) {
        return failure instanceof QuietException ? failure : new EofException(failure);
    }

    static String describe(Throwable failure) {
        if (failure instanceof EofException || failure.getMessage() == null) {
            return failure.getClass().getSimpleName();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Cannot delete {}: {}", file, e.toString());
        }
    }
}
