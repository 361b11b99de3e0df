package dev.benchfleet.taskrunner.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.protocol.ApiKey;
import dev.benchfleet.protocol.HeartbeatStatus;
import dev.benchfleet.protocol.TaskId;
import dev.benchfleet.protocol.WireJson;
import dev.benchfleet.taskrunner.testserver.ProtocolTestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against the in-memory protocol server over real HTTP on 127.0.0.1. */
class OrchestratorClientTest {

    private static final String KEY = "client-test-key";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final WireJson json = new WireJson(new ObjectMapper());
    private ProtocolTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = ProtocolTestServer.start(KEY, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OrchestratorClient client(String key, URI url) {
        return new OrchestratorClient(http, url, ApiKey.of(key), Duration.ofSeconds(10), json);
    }

    @Test
    void claimsHeartbeatsAndCompletes() throws Exception {
        server.createRun("r1", "aws", "c7g.large", "c7g", 1, "3.4.1");
        OrchestratorClient client = client(KEY, server.url());

        ClaimResult first = client.claim("r1", "aws", "c7g.large", "me", null);
        assertThat(first).isInstanceOf(ClaimResult.Assigned.class);
        ClaimResult.Assigned assigned = (ClaimResult.Assigned) first;
        assertThat(assigned.task().id()).isEqualTo(new TaskId("1", true));
        assertThat(assigned.task().aliasOrType()).isEqualTo("c7g");
        assertThat(assigned.task().rubyVersion()).isEqualTo("3.4.1");
        assertThat(assigned.uploads().resultKey()).endsWith("result.tar.gz");
        assertThat(assigned.uploads().toString()).doesNotContain("X-Signature");

        ClaimResult second = client.claim("r1", "aws", "c7g.large", "someone-else", null);
        assertThat(second).isEqualTo(new ClaimResult.Wait(Duration.ofSeconds(1)));

        client.heartbeat(assigned.task().id(), "me", HeartbeatStatus.RUNNING, null, "fib", 10);
        assertThat(server.task(1).status).isEqualTo("running");
        assertThat(server.heartbeats(1).get(0).toString())
                .isEqualTo("{\"runner_id\":\"me\",\"status\":\"running\",\"current_benchmark\":\"fib\",\"progress_pct\":10}");

        client.complete(assigned.task().id(), "me", assigned.uploads().resultKey());
        assertThat(server.task(1).status).isEqualTo("completed");
        assertThat(client.claim("r1", "aws", "c7g.large", "me", null)).isInstanceOf(ClaimResult.Done.class);
    }

    @Test
    void failCarriesTypeMessageAndKey() throws Exception {
        server.createRun("r1", "aws", "t", "t", 1, "3.4.1");
        OrchestratorClient client = client(KEY, server.url());
        ClaimResult.Assigned assigned = (ClaimResult.Assigned) client.claim("r1", "aws", "t", "me", null);
        client.fail(assigned.task().id(), "me", new FailureReport(FailureReport.ErrorType.UPLOAD_FAILED, "no", "k", true));
        ProtocolTestServer.Task task = server.task(1);
        assertThat(task.status).isEqualTo("failed");
        assertThat(task.errorType).isEqualTo("upload_failed");
        assertThat(task.errorKey).isEqualTo("k");
    }

    @Test
    void mapsErrorsToWhatTheRunnerDoesNext() throws Exception {
        server.createRun("r1", "aws", "t", "t", 1, "3.4.1");
        assertThatThrownBy(() -> client("wrong", server.url()).claim("r1", "aws", "t", "me", null))
                .isInstanceOf(OrchestratorException.Unauthorized.class)
                .hasMessageNotContaining("wrong").hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> client(KEY, server.url()).claim("nope", "aws", "t", "me", null))
                .isInstanceOf(OrchestratorException.Rejected.class).hasMessageContaining("Run not found");
        ClaimResult.Assigned assigned = (ClaimResult.Assigned) client(KEY, server.url()).claim("r1", "aws", "t", "me", null);
        assertThatThrownBy(() -> client(KEY, server.url()).complete(assigned.task().id(), "intruder", "k"))
                .isInstanceOf(OrchestratorException.Rejected.class).hasMessageContaining("403");

        URI nobody;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        assertThatThrownBy(() -> client(KEY, nobody).claim("r1", "aws", "t", "me", null))
                .isInstanceOf(OrchestratorException.Unavailable.class);
    }
}
