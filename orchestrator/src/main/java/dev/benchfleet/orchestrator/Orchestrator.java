package dev.benchfleet.orchestrator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.benchfleet.orchestrator.http.ApiHandler;
import dev.benchfleet.orchestrator.results.ResultsArchiveBuilder;
import dev.benchfleet.orchestrator.runs.RunService;
import dev.benchfleet.orchestrator.store.Store;
import dev.benchfleet.orchestrator.uploads.ObjectStore;
import dev.benchfleet.orchestrator.uploads.Tokens;
import dev.benchfleet.orchestrator.uploads.UploadSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embeddable orchestrator server speaking the Benchfleet orchestrator protocol.
 *
 * <pre>{@code
 * try (Orchestrator o = Orchestrator.start(OrchestratorOptions.builder().apiKey(key).dataDir(dir).build())) {
 *     URI url = o.url();   // GET url + "/up" answers 200 from here on
 * }
 * }</pre>
 *
 * Runs and tasks survive a restart on the same data directory.
 */
public final class Orchestrator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);
    private static final long SHUTDOWN_WAIT_SECONDS = 10;
    private static final int HTTP_QUEUE = 1024;
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ApiHandler handler;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService monitor;
    private final Store store;
    private final RunService runs;
    private final URI url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Orchestrator(HttpServer server, ApiHandler handler, ExecutorService httpThreads, ScheduledExecutorService monitor,
                         Store store, RunService runs, URI url) {
        this.server = server;
        this.handler = handler;
        this.httpThreads = httpThreads;
        this.monitor = monitor;
        this.store = store;
        this.runs = runs;
        this.url = url;
    }

    /** Starts an orchestrator on the system clock; it accepts requests once this returns. */
    public static Orchestrator start(OrchestratorOptions options) {
        return start(options, Clock.systemUTC());
    }

    /**
     * Starts an orchestrator; it answers {@code GET /up} once this returns.
     *
     * @param clock source of "now" for heartbeats, timeouts and upload URL expiry
     * @throws UncheckedIOException when the data directory or the port cannot be used
     * @throws dev.benchfleet.orchestrator.store.StoreException when the database cannot be opened
     */
    public static Orchestrator start(OrchestratorOptions options, Clock clock) {
        Store store = null;
        HttpServer server = null;
        try {
            Path data = createPrivateDirectory(options.dataDir());
            store = Store.open(data, options.jdbcUrl());
            SecureRandom random = new SecureRandom();
            ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
            ObjectStore objects = new ObjectStore(data.resolve("objects"));
            ResultsArchiveBuilder archives = new ResultsArchiveBuilder(objects, data.resolve("results"), json);
            UploadSigner signer = UploadSigner.loadOrCreate(data.resolve("url-signing.key"), random);
            RunService runs = new RunService(store, objects, archives, new Tokens(random), clock,
                    new RunService.Timing(options.heartbeatTimeout(), options.uploadUrlLifetime(),
                            options.retryAfterSeconds()));
            runs.sweep(); // finish what a previous process left half done before taking requests

            enableNoDelay();
            InetAddress bind = InetAddress.getByName(options.bindAddress());
            server = HttpServer.create(new InetSocketAddress(bind, options.port()), 128);
            String host = bind instanceof Inet6Address ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress();
            URI url = URI.create("http://" + host + ":" + server.getAddress().getPort());
            String publicUrl = options.publicUrl() == null ? null : options.publicUrl().toString();
            ApiHandler handler = new ApiHandler(runs, options.apiKey(), json, signer, clock, publicUrl, url.toString(),
                    options.localUploadPaths(), options.maxUploadBytes());
            server.createContext("/", handler);
            ExecutorService httpThreads = httpPool(options.httpThreads());
            server.setExecutor(httpThreads);
            ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(named("orchestrator-monitor"));
            long every = options.monitorInterval().toMillis();
            monitor.scheduleWithFixedDelay(() -> sweepSafely(runs), every, every, TimeUnit.MILLISECONDS);
            server.start();
            LOG.info("Orchestrator listening on {} (data in {})", url, data);
            return new Orchestrator(server, handler, httpThreads, monitor, store, runs, url);
        } catch (IOException e) {
            cleanUp(server, store);
            throw new UncheckedIOException("Cannot start the orchestrator: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            cleanUp(server, store);
            throw e;
        }
    }

    /**
     * The JDK server sends response headers and body as separate packets; with Nagle's algorithm
     * and the client's delayed ACK that costs about 40 ms per request on a kept-alive connection.
     * The JDK reads this switch once, when the first server of the JVM starts; an explicit setting
     * by the embedding application wins.
     */
    private static void enableNoDelay() {
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    private static void cleanUp(HttpServer server, Store store) {
        if (server != null) {
            server.stop(0);
        }
        if (store != null) {
            store.close();
        }
    }

    /**
     * A fixed pool with a bounded queue. When the queue is full the accepting thread handles the
     * request itself, which slows down accepting: back-pressure instead of unbounded memory.
     */
    private static ExecutorService httpPool(int threads) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(HTTP_QUEUE), named("orchestrator-http"),
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    private static Path createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
        return dir.toRealPath();
    }

    private static void sweepSafely(RunService runs) {
        try {
            runs.sweep();
        } catch (RuntimeException e) {
            // An escaping exception would cancel every future sweep.
            LOG.error("Heartbeat sweep failed", e);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            t.setDaemon(false);
            return t;
        };
    }

    /** Base URL the server listens on, e.g. {@code http://127.0.0.1:43123}. */
    public URI url() {
        return url;
    }

    public int port() {
        return url.getPort();
    }

    /** Where a browser shows the dashboard. */
    public URI dashboardUrl() {
        return url.resolve("/");
    }

    /**
     * Times out silent tasks and finishes idle runs now instead of at the next scheduled sweep.
     *
     * @return how many tasks were timed out
     */
    public int sweepNow() {
        return runs.sweep();
    }

    /** Stops accepting requests, lets running ones finish (up to a few seconds) and closes storage. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // shutdown, not shutdownNow: interrupting a thread inside H2 can close the database file.
        monitor.shutdown();
        try {
            if (!handler.awaitIdle(Duration.ofSeconds(SHUTDOWN_WAIT_SECONDS))) {
                LOG.warn("Requests still running after {} s; stopping anyway", SHUTDOWN_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        httpThreads.shutdown();
        try {
            if (!monitor.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)
                    || !httpThreads.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Orchestrator threads did not stop within {} s", SHUTDOWN_WAIT_SECONDS);
                httpThreads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            httpThreads.shutdownNow();
        }
        store.close();
        LOG.info("Orchestrator on {} stopped", url);
    }
}
