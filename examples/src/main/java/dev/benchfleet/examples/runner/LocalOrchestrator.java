package dev.benchfleet.examples.runner;

import com.google.auto.service.AutoService;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.host.HostContext;
import dev.benchfleet.core.host.OrchestratorEndpoint;
import dev.benchfleet.core.host.OrchestratorHost;
import dev.benchfleet.orchestrator.Orchestrator;
import dev.benchfleet.orchestrator.OrchestratorOptions;

import java.time.Duration;
import java.util.Optional;

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

    /** How long a claimed task may go without a heartbeat before it is offered again. */
    public static final String HEARTBEAT_TIMEOUT = "BENCHFLEET_ORCHESTRATOR_HEARTBEAT_TIMEOUT";

    @Override
    public String name() {
        return EMBEDDED;
    }

    @Override
    public RunningOrchestrator provision(HostContext context) {
        int port = context.state().load().map(state -> state.path("port").asInt(0)).orElse(0);
        Duration heartbeatTimeout = context.environment().get(HEARTBEAT_TIMEOUT).map(dev.benchfleet.protocol.Durations::parse)
                .orElse(Duration.ofMinutes(2));
        Orchestrator orchestrator;
        try {
            orchestrator = Orchestrator.start(OrchestratorOptions.builder()
                    .bindAddress("127.0.0.1")
                    .port(port)
                    .apiKey(context.apiKey().reveal())
                    .dataDir(context.workDir())
                    .heartbeatTimeout(heartbeatTimeout)
                    .retryAfterSeconds(1)
                    .build());
        } catch (RuntimeException e) {
            throw new ExternalException("the orchestrator on this machine did not start" + (port == 0 ? "" : " on port "
                    + port) + ": " + e.getMessage(), port == 0 ? "see the log above"
                    : "is another process using port " + port + "? (the run's orchestrator must come back on the same "
                    + "port, where its task runners look for it)", e);
        }
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("port", orchestrator.port());
        state.put("data_dir", context.workDir().toString());
        context.state().save(state);
        OrchestratorEndpoint endpoint = new OrchestratorEndpoint(orchestrator.url(), orchestrator.dashboardUrl(),
                context.apiKey(), Optional.empty(), port == 0 ? "started in this process" : "restarted in this process "
                + "on its data folder and port");
        return new RunningOrchestrator() {
            @Override
            public OrchestratorEndpoint endpoint() {
                return endpoint;
            }

            @Override
            public void close() {
                orchestrator.close();
            }
        };
    }
}
