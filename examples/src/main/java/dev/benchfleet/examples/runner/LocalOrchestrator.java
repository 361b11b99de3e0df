package dev.benchfleet.examples.runner;

import com.google.auto.service.AutoService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.host.HostContext;
import dev.benchfleet.core.host.OrchestratorEndpoint;
import dev.benchfleet.core.host.OrchestratorHost;
import dev.benchfleet.orchestrator.Orchestrator;
import dev.benchfleet.orchestrator.OrchestratorOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code embedded} orchestrator host ({@code --local-orchestrator}): the {@code benchfleet-orchestrator}
 * server in this JVM, on loopback. Containers reach it through {@code --network=host} or
 * {@code host.docker.internal}; its URLs follow the host each request came in on.
 *
 * <p>Its port and data folder are recorded in the run journal, so a resumed run gets the same
 * orchestrator back — same data, same port — while the task runners are still retrying it.
 */
@AutoService(OrchestratorHost.class)
public final class LocalOrchestrator implements OrchestratorHost {

    /**
     * {@code true}: serve HTTPS with a self-signed certificate made at start, which the master and the
     * task runners pin ({@code --local-orchestrator-tls} sets it).
     */
    public static final String TLS = "BENCHFLEET_LOCAL_ORCHESTRATOR_TLS";

    /** How long a claimed task may go without a heartbeat before it is offered again. */
    public static final String HEARTBEAT_TIMEOUT = "BENCHFLEET_ORCHESTRATOR_HEARTBEAT_TIMEOUT";
    /** How long closing waits for a start still under way (opening the database, migrating it). */
    private static final Duration START_WAIT = Duration.ofMinutes(2);

    /**
     * Warms the orchestrator's code up ({@link Orchestrator#warmUp()}) on a daemon thread when this run will
     * most likely start one here: {@code requested} (the flag) or {@code "local_orchestrator": true} in
     * {@code config}, which the thread reads itself. The master meanwhile validates the config on its main
     * thread, while the second CPU has little to do; the orchestrator then starts in about half the time.
     * Nothing is created: an unreadable config just means no warm-up (the config loader says what is wrong).
     */
    static void warmUpInBackground(Path config, boolean requested) {
        Thread thread = new Thread(() -> {
            if (requested || asksForOneHere(config)) {
                Orchestrator.warmUp();
            }
        }, "benchfleet-orchestrator-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    static boolean asksForOneHere(Path config) {
        // only a regular file can be read twice: a pipe (-c <(…), /dev/stdin) is the config loader's alone
        if (!Files.isRegularFile(config)) {
            return false;
        }
        try {
            return new ObjectMapper().readTree(config.toFile()).path("local_orchestrator").asBoolean(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return EMBEDDED;
    }

    @Override
    public RunningOrchestrator provision(HostContext context) {
        int port = context.state().load().map(state -> state.path("port").asInt(0)).orElse(0);
        // a resumed run serves what it served before, whatever the environment says now
        boolean tls = context.state().load().map(state -> state.path("tls").asBoolean(false))
                .orElseGet(() -> context.environment().get(TLS).map(value -> value.equalsIgnoreCase("true")).orElse(false));
        Optional<SelfSignedCertificate> certificate = tls
                ? Optional.of(SelfSignedCertificate.inFolder(context.workDir().resolve("tls"))) : Optional.empty();
        Duration heartbeatTimeout = context.environment().get(HEARTBEAT_TIMEOUT).map(dev.benchfleet.protocol.Durations::parse)
                .orElse(Duration.ofMinutes(2));
        Orchestrator.Bound bound;
        try {
            OrchestratorOptions.Builder options = OrchestratorOptions.builder()
                    .bindAddress("127.0.0.1")
                    .port(port)
                    .apiKey(context.apiKey().reveal())
                    .dataDir(context.workDir())
                    .heartbeatTimeout(heartbeatTimeout)
                    .retryAfterSeconds(1)
                    // closed by the flow after the teardown, when the only client left is this master, whose requests
                    // are all answered: no grace for idle kept-alive connections (Jetty would wait it in full)
                    .stopGrace(Duration.ZERO);
            certificate.ifPresent(c -> options.tls(c.certificate(), c.key()));
            // the port now, the database and the rest on a thread of its own: the flow meanwhile starts the
            // local task runners, whose first requests wait in the listen backlog until it answers
            bound = Orchestrator.bind(options.build(), Clock.systemUTC());
        } catch (RuntimeException e) {
            throw new ExternalException("the orchestrator on this machine did not start" + (port == 0 ? "" : " on port "
                    + port) + ": " + e.getMessage(), port == 0 ? "see the log above"
                    : "is another process using port " + port + "? (the run's orchestrator must come back on the same "
                    + "port, where its task runners look for it)", e);
        }
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("port", bound.url().getPort());
        state.put("data_dir", context.workDir().toString());
        state.put("tls", tls);
        context.state().save(state);
        OrchestratorEndpoint endpoint = new OrchestratorEndpoint(bound.url(), bound.url().resolve("/"),
                context.apiKey(), certificate.map(SelfSignedCertificate::sha256), certificate.map(SelfSignedCertificate::pem),
                (port == 0 ? "started in this process" : "restarted in this process on its data folder and port")
                        + (tls ? ", HTTPS with a self-signed certificate" : ""));
        CompletableFuture<Orchestrator> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                started.complete(bound.start());
            } catch (RuntimeException e) {
                started.completeExceptionally(new ExternalException("the orchestrator on this machine did not start: "
                        + e.getMessage(), "see the log above", e));
            }
        }, "benchfleet-orchestrator-start");
        starter.setDaemon(true);
        starter.start();
        return new RunningOrchestrator() {
            @Override
            public OrchestratorEndpoint endpoint() {
                return endpoint;
            }

            @Override
            public CompletableFuture<Void> started() {
                return started.thenApply(orchestrator -> null);
            }

            @Override
            public void close() {
                try {
                    // a start still under way is finished first, so that what it opened is closed too
                    started.get(START_WAIT.toSeconds(), TimeUnit.SECONDS).close();
                } catch (ExecutionException e) {
                    bound.close(); // it never served; the failure was reported by the flow
                } catch (TimeoutException e) {
                    bound.close();
                    throw new ExternalException("the orchestrator on this machine did not finish starting within "
                            + START_WAIT.toSeconds() + " s; its port is released", "see the log above");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    bound.close();
                }
            }
        };
    }
}
