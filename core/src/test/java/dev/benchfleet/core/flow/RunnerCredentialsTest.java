package dev.benchfleet.core.flow;

import com.sun.net.httpserver.HttpServer;
import dev.benchfleet.core.client.OrchestratorClient;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.protocol.ApiKey;
import dev.benchfleet.protocol.RunnerTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the master hands its runners, against a loopback stand-in for the orchestrator: the derived run
 * token and the uploaded jar's hash when the orchestrator issues and takes them; the admin key and no
 * hash (with a warning) when it is one that does not; an error when it issues another token.
 */
class RunnerCredentialsTest {

    private static final String RUN = "173400000012345678";
    private static final Secret ADMIN = Secret.of("admin-key-0123456789");

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** An orchestrator that answers the upload with {@code putStatus} and the token request with {@code token} (404 when null). */
    private OrchestratorClient orchestrator(int putStatus, String token) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body.length);
            byte[] answer;
            int status;
            if (exchange.getRequestMethod().equals("PUT")) {
                status = putStatus;
                answer = "{}".getBytes(StandardCharsets.UTF_8);
            } else if (token != null) {
                status = 200;
                answer = ("{\"run_id\":\"" + RUN + "\",\"runner_token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                answer = "{\"error\":\"Not found\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (exchange) {
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
        return OrchestratorClient.create(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), ADMIN);
    }

    private RunnerCredentials credentials() throws IOException {
        Path jar = Files.write(dir.resolve("task-runner.jar"), "PK\3\4 the master's build".getBytes(StandardCharsets.UTF_8));
        return RunnerCredentials.of(RUN, ADMIN, Environment.of(Map.of(RunnerCredentials.TASK_RUNNER_JAR, jar.toString())), true);
    }

    private String jarSha256() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve("task-runner.jar"))));
    }

    @Test
    void withOurOrchestratorRunnersGetTheRunsTokenAndTheUploadedJarsHash() throws Exception {
        String derived = RunnerTokens.derive(ApiKey.of(ADMIN.reveal()), RUN);
        OrchestratorClient client = orchestrator(201, derived);
        RunnerCredentials credentials = credentials();

        assertThat(credentials.publish(client)).isEmpty();
        assertThat(credentials.confirm(client)).isEmpty();

        assertThat(credentials.runnerToken().reveal()).isEqualTo(derived).isNotEqualTo(ADMIN.reveal());
        assertThat(credentials.taskRunnerSha256()).contains(jarSha256());
        assertThat(seen).containsExactly(
                "PUT /artifacts/task-runner/" + jarSha256() + ".jar Bearer " + ADMIN.reveal() + " "
                        + Files.size(dir.resolve("task-runner.jar")),
                "GET /runs/" + RUN + "/runner-token Bearer " + ADMIN.reveal() + " 0");
    }

    @Test
    void anOrchestratorWithoutTokensOrJarsGetsTheAdminKeyAndItsOwnJarWithAWarning() throws Exception {
        OrchestratorClient client = orchestrator(404, null);
        RunnerCredentials credentials = credentials();

        assertThat(credentials.publish(client)).hasValueSatisfying(w -> assertThat(w).contains("takes no task runner jars"));
        assertThat(credentials.confirm(client)).hasValueSatisfying(w -> assertThat(w).contains("issues no runner tokens"));

        assertThat(credentials.runnerToken()).isEqualTo(ADMIN);
        assertThat(credentials.taskRunnerSha256()).isEmpty();
    }

    @Test
    void anOrchestratorThatIssuesAnotherTokenStopsTheRun() throws Exception {
        OrchestratorClient client = orchestrator(201, RunnerTokens.derive(ApiKey.of("another-admin-key"), RUN));

        assertThatThrownBy(() -> credentials().confirm(client)).isInstanceOf(ExternalException.class)
                .hasMessageContaining("issues another runner token").hasMessageNotContaining(ADMIN.reveal());
    }

    @Test
    void aRefusedUploadIsAnErrorThatSaysWhy() throws Exception {
        OrchestratorClient client = orchestrator(400, null);

        assertThatThrownBy(() -> credentials().publish(client)).isInstanceOf(ExternalException.class)
                .hasMessageContaining("HTTP 400");
    }

    @Test
    void withoutAJarNothingIsUploadedAndNoHashIsHandedOut() throws Exception {
        OrchestratorClient client = orchestrator(201, null);
        RunnerCredentials credentials = RunnerCredentials.of(RUN, ADMIN, Environment.of(Map.of()), true);

        assertThat(credentials.publish(client)).isEmpty();
        assertThat(credentials.taskRunnerSha256()).isEmpty();
        assertThat(seen).isEmpty();
    }

    @Test
    void whenNoRunnerFetchesTheJarFromTheOrchestratorItIsNeitherHashedNorUploaded() throws Exception {
        OrchestratorClient client = orchestrator(201, RunnerTokens.derive(ApiKey.of(ADMIN.reveal()), RUN));
        Path jar = Files.write(dir.resolve("task-runner.jar"), "PK\3\4 the master's build".getBytes(StandardCharsets.UTF_8));
        RunnerCredentials credentials = RunnerCredentials.of(RUN, ADMIN,
                Environment.of(Map.of(RunnerCredentials.TASK_RUNNER_JAR, jar.toString())), false);

        assertThat(credentials.publish(client)).isEmpty();
        assertThat(credentials.taskRunnerSha256()).isEmpty();
        assertThat(seen).as("no upload").isEmpty();
        assertThat(credentials.confirm(client)).isEmpty();
        assertThat(credentials.runnerToken().reveal()).as("the token all the same")
                .isEqualTo(RunnerTokens.derive(ApiKey.of(ADMIN.reveal()), RUN));
    }
}
