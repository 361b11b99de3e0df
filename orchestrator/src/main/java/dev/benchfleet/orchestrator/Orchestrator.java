package dev.benchfleet.orchestrator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.benchfleet.orchestrator.http.ApiHandler;
import dev.benchfleet.orchestrator.http.ClientGuard;
import dev.benchfleet.orchestrator.http.JettyTransport;
import dev.benchfleet.orchestrator.http.PemKeyStore;
import dev.benchfleet.orchestrator.http.RunChanges;
import dev.benchfleet.orchestrator.results.ResultsArchiveBuilder;
import dev.benchfleet.orchestrator.runs.RunService;
import dev.benchfleet.orchestrator.store.Store;
import dev.benchfleet.orchestrator.uploads.Blobs;
import dev.benchfleet.orchestrator.uploads.DatabaseBlobs;
import dev.benchfleet.orchestrator.uploads.ObjectStore;
import dev.benchfleet.orchestrator.uploads.Tokens;
import dev.benchfleet.orchestrator.uploads.UploadSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
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
    /** Threads Jetty needs besides request handling: acceptor, selectors, reserve. */
    private static final int JETTY_OWN_THREADS = 8;
    private static final long GUARD_SWEEP_MILLIS = 250;
    /** Connections the listen backlog holds while nothing accepts (before start, or all threads busy). */
    private static final int ACCEPT_QUEUE = 256;
    /** Long polls held at once, each holding one of the request threads (16 by default). */
    private static final int LONG_POLLS = 4;

    private final Server server;
    private final ApiHandler handler;
    private final ClientGuard guard;
    private final ScheduledExecutorService monitor;
    private final Store store;
    private final RunService runs;
    private final URI url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Orchestrator(Server server, ApiHandler handler, ClientGuard guard, ScheduledExecutorService monitor,
                         Store store, RunService runs, URI url) {
        this.server = server;
        this.handler = handler;
        this.guard = guard;
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
     * @throws IllegalArgumentException when the TLS files are unusable
     * @throws dev.benchfleet.orchestrator.store.StoreException when the database cannot be opened
     */
    public static Orchestrator start(OrchestratorOptions options, Clock clock) {
        return bind(options, clock).start();
    }

    /**
     * Runs, on this thread, the code an embedded {@link Bound#start()} spends its time on in a new JVM —
     * loading and first running H2, the migrations, HikariCP and Jetty — on things that do not last: an
     * in-memory database, migrated and closed, and an HTTP server built and dropped unstarted (no port,
     * no file, no thread left). A caller that will start an orchestrator soon calls it on a spare thread
     * first (the runner, while it validates the run config), and the start itself is then shorter.
     * Problems are only logged at debug level: the start reports its own.
     */
    public static void warmUp() {
        try {
            Store.warmUp();
            Server server = new Server(new QueuedThreadPool());
            server.addConnector(new ServerConnector(server, 1, -1, new HttpConnectionFactory(new HttpConfiguration())));
        } catch (RuntimeException e) {
            LOG.debug("Warming up the orchestrator's code failed (the start will say why, if it fails too): {}", e.toString());
        }
    }

    /**
     * The first half of {@link #start}: takes the port (so the URL is known) and nothing else; the
     * database, the migrations and the request handling come with {@link Bound#start()}. Clients that
     * connect in between are held in the listen backlog and answered once it started, so whoever
     * launches the orchestrator can launch its clients at the same time (the master starts its local
     * task runners while the embedded orchestrator opens its database).
     *
     * @throws UncheckedIOException when the port cannot be bound
     * @throws IllegalArgumentException when the TLS files are unusable
     */
    public static Bound bind(OrchestratorOptions options, Clock clock) {
        ServerSocketChannel channel = null;
        try {
            PemKeyStore.Loaded tls = options.tls() ? PemKeyStore.load(options.tlsCertificate(), options.tlsKey()) : null;
            InetAddress bind = InetAddress.getByName(options.bindAddress());
            // A bare JDK channel: binding takes milliseconds, while building the HTTP server (Jetty's classes in a
            // cold JVM) takes a few hundred, which start() now spends on its own thread.
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(bind, options.port()), ACCEPT_QUEUE);
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            String host = bind instanceof Inet6Address ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress();
            URI url = URI.create((tls != null ? "https://" : "http://") + host + ":" + port);
            return new Bound(options, clock, channel, tls, url);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot start the orchestrator: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** An orchestrator whose port is taken and which does not serve yet: {@link #start()} or {@link #close()} it. */
    public static final class Bound implements AutoCloseable {
        private final OrchestratorOptions options;
        private final Clock clock;
        private final ServerSocketChannel channel;
        private final PemKeyStore.Loaded tls;
        private final URI url;

        private Bound(OrchestratorOptions options, Clock clock, ServerSocketChannel channel, PemKeyStore.Loaded tls,
                      URI url) {
            this.options = options;
            this.clock = clock;
            this.channel = channel;
            this.tls = tls;
            this.url = url;
        }

        /** The URL it will answer on. */
        public URI url() {
            return url;
        }

        /**
         * Opens the database, migrates it and starts answering; it answers {@code GET /up} once this
         * returns. On failure the port is let go.
         *
         * @throws UncheckedIOException when the data directory cannot be used
         * @throws dev.benchfleet.orchestrator.store.StoreException when the database cannot be opened
         */
        public Orchestrator start() {
            Server server = null;
            Store store = null;
            RunService runs = null;
            ScheduledExecutorService monitor = null;
            try {
                QueuedThreadPool threads = new QueuedThreadPool(options.httpThreads() + JETTY_OWN_THREADS,
                        Math.min(4, options.httpThreads()));
                threads.setName("orchestrator-http");
                server = new Server(threads);
                ClientGuard guard = new ClientGuard(options.clientLimits());
                ServerConnector connector = connector(server, options, tls, guard);
                InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
                connector.setHost(bound.getAddress().getHostAddress()); // what it logs and reports: the bound address
                connector.setPort(bound.getPort());
                server.addConnector(connector);
                // Requests were already awaited at close (InFlight); this is for answers still being written. Jetty
                // waits it in full for every kept-alive idle connection too: dead time at the end of every local run.
                server.setStopTimeout(options.stopGrace().toMillis());
                connector.open(channel); // the port bound by bind(): requests waiting in its backlog are served
                Path data = createPrivateDirectory(options.dataDir());
                store = Store.open(data, options.jdbcUrl());
                SecureRandom random = new SecureRandom();
                ObjectMapper json = strictJson();
                // PostgreSQL: replicas share uploads, archives and the URL signing key through the database.
                // Local upload paths mean runners on this host writing files: those stay in the data folder.
                boolean shared = !store.embedded();
                Blobs uploads = shared && !options.localUploadPaths()
                        ? new DatabaseBlobs(store.dataSource(), "uploads/", data.resolve("spool"))
                        : new ObjectStore(data.resolve("objects"));
                Blobs results = shared ? new DatabaseBlobs(store.dataSource(), "results/", data.resolve("spool"))
                        : new ObjectStore(data.resolve("results"));
                ResultsArchiveBuilder archives = new ResultsArchiveBuilder(uploads, results, data.resolve("spool"), json);
                UploadSigner signer = shared ? UploadSigner.shared(store, random)
                        : UploadSigner.loadOrCreate(data.resolve("url-signing.key"), random);
                RunChanges changes = new RunChanges(LONG_POLLS);
                runs = new RunService(store, uploads, archives, new Tokens(random), clock,
                        new RunService.Timing(options.heartbeatTimeout(), options.uploadUrlLifetime(),
                                options.retryAfterSeconds()), changes::signal);
                runs.sweep(); // finish what a previous process left half done before taking requests

                String publicUrl = options.publicUrl() == null ? null : options.publicUrl().toString();
                ApiHandler handler = new ApiHandler(runs, options.apiKey(), json, signer, clock, publicUrl,
                        url.toString(), options.localUploadPaths(), options.maxUploadBytes(), changes);
                server.setHandler(new JettyTransport(handler, guard, json, data.resolve("spool")));
                server.setErrorHandler(JettyTransport.errorHandler(json));
                server.start();
                monitor = Executors.newScheduledThreadPool(1, named("orchestrator-monitor"));
                long every = options.monitorInterval().toMillis();
                RunService swept = runs;
                monitor.scheduleWithFixedDelay(() -> sweepSafely(swept), every, every, TimeUnit.MILLISECONDS);
                monitor.scheduleWithFixedDelay(guard::sweep, GUARD_SWEEP_MILLIS, GUARD_SWEEP_MILLIS,
                        TimeUnit.MILLISECONDS);
                LOG.info("Orchestrator listening on {} (data in {})", url, data);
                return new Orchestrator(server, handler, guard, monitor, store, runs, url);
            } catch (IOException e) {
                cleanUp(server, monitor, runs, store);
                closeQuietly(channel);
                throw new UncheckedIOException("Cannot start the orchestrator: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                cleanUp(server, monitor, runs, store);
                closeQuietly(channel);
                throw e;
            } catch (Exception e) {
                cleanUp(server, monitor, runs, store);
                closeQuietly(channel);
                throw new UncheckedIOException("Cannot start the orchestrator: " + e.getMessage(), new IOException(e));
            }
        }

        /** Lets the port go without ever serving (when {@link #start()} was not called or failed). */
        @Override
        public void close() {
            closeQuietly(channel);
        }
    }

    /**
     * Request bodies are parsed strictly: a field given twice or anything after the JSON value is
     * refused (two parsers reading one body differently is how checks get bypassed). Unknown fields
     * are fine: other implementations of the protocol may send more.
     */
    static ObjectMapper strictJson() {
        return JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * HTTP/1.1, over TLS when given. Jetty reads every connection with non-blocking I/O, so idle
     * and half-sent requests hold no thread; the guard caps what one client address can hold.
     */
    private static ServerConnector connector(Server server, OrchestratorOptions options, PemKeyStore.Loaded tls,
                                             ClientGuard guard) {
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setRequestHeaderSize(16 * 1024);
        config.setResponseHeaderSize(16 * 1024);
        config.setIdleTimeout(options.idleTimeout().toMillis());
        HttpConnectionFactory http = new HttpConnectionFactory(config);
        ServerConnector connector;
        if (tls != null) {
            // SNI is not required and not checked: runners reach the orchestrator by IP address too.
            config.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(tls.keyStore());
            ssl.setKeyStorePassword(tls.password());
            ssl.setKeyManagerPassword(tls.password());
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            connector = new ServerConnector(server, 1, -1, new SslConnectionFactory(ssl, http.getProtocol()), http);
        } else {
            connector = new ServerConnector(server, 1, -1, http);
        }
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        connector.addEventListener(guard);
        return connector;
    }

    private static void cleanUp(Server server, ScheduledExecutorService monitor, RunService runs, Store store) {
        if (monitor != null) {
            monitor.shutdownNow();
        }
        if (runs != null) {
            runs.close();
        }
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.debug("Stopping the HTTP server after a failed start: {}", e.toString());
            }
            // a server that never started has nothing to stop, but its port is bound (connector.open)
            for (org.eclipse.jetty.server.Connector connector : server.getConnectors()) {
                if (connector instanceof ServerConnector bound) {
                    bound.close();
                }
            }
        }
        if (store != null) {
            store.close();
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing the orchestrator's port: {}", e.toString());
            }
        }
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

    /** Base URL the server listens on, e.g. {@code http://127.0.0.1:43123} ({@code https://} with TLS). */
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

    /** HTTP connections open right now (what the per-address caps count). */
    public int openConnections() {
        return guard.openConnections();
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
        try {
            server.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            // idle kept-alive connections did not close within the grace period; they are closed now
            LOG.debug("HTTP server stopped after its grace period");
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
        try {
            if (!monitor.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Orchestrator threads did not stop within {} s", SHUTDOWN_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (!runs.awaitArchives(Duration.ofSeconds(SHUTDOWN_WAIT_SECONDS))) {
                LOG.warn("A results archive was still being built after {} s; the next start builds it again",
                        SHUTDOWN_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        LOG.info("Orchestrator on {} stopped", url);
    }
}
