package dev.benchfleet.provider.aws.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.orchestrator.Orchestrator;
import dev.benchfleet.orchestrator.OrchestratorOptions;
import dev.benchfleet.protocol.CertificatePinning;
import dev.benchfleet.protocol.Endpoints;
import dev.benchfleet.provider.aws.terraform.BootTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot script as EC2 would run it, minus the machine: rendered with Terraform's template rules and
 * executed by bash against the real (offline) Docker engine, with fakes only for dnf, systemctl and
 * shutdown. Benchfleet's real orchestrator serves HTTPS on loopback with a freshly made self-signed
 * certificate, and has this build's task-runner.jar because the test uploaded it as the master does
 * ({@code PUT /artifacts/task-runner/<sha256>.jar}). The script fetches that jar with
 * {@code curl --cacert}, checks its SHA-256, builds the runner image from task-runner/Dockerfile on
 * "ruby:<version>" (here the offline base image tagged as such), starts two CPU-pinned runners that pin
 * the certificate and hold only the run's token, which complete a mock run, and powers the machine off
 * (the fake shutdown) once both have exited.
 */
class BootScriptDockerIT {

    private static final String BASE_IMAGE = "benchfleet/jre-base:17";
    private static final String ADMIN_KEY = "sk-benchfleet-boot-4Rk9vQ2mZx7secret";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path temp;

    private HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void runnersStartPinnedCompleteTheRunAndTheMachinePowersOff() throws Exception {
        skipUnless(DockerClient.unavailable());
        skipUnless(DockerClient.run("image", "inspect", BASE_IMAGE).ok() ? Optional.empty()
                : Optional.of("image " + BASE_IMAGE + " missing (.ci/docker/start-engine.sh builds it)"));
        Path jar = Path.of(System.getProperty("benchfleet.taskRunnerJar", "../task-runner/target/task-runner.jar"));
        skipUnless(Files.isRegularFile(jar) ? Optional.empty()
                : Optional.of(jar + " missing (built by `./mvnw -pl task-runner -am package`)"));

        long suffix = ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);
        String runId = "1734" + suffix;
        String rubyVersion = "3.4.7-bftest" + suffix;
        String image = "benchfleet/task-runner:run-" + runId;
        Path tls = Files.createDirectories(temp.resolve("tls"));
        skipUnless(selfSignedCertificate(tls));
        String pem = Files.readString(tls.resolve("cert.pem"));
        String pin;
        try (java.io.InputStream in = Files.newInputStream(tls.resolve("cert.pem"))) {
            pin = CertificatePinning.fingerprint((java.security.cert.X509Certificate)
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(CertificatePinning.sslContext(pin))
                .build();
        BootSandbox sandbox = new BootSandbox(Files.createDirectories(temp.resolve("machine")));
        OrchestratorOptions options = OrchestratorOptions.builder()
                .dataDir(Files.createDirectories(temp.resolve("orchestrator"))).apiKey(ADMIN_KEY)
                .tls(tls.resolve("cert.pem"), tls.resolve("key.pem"))
                .bindAddress("127.0.0.1").port(0).retryAfterSeconds(1).build();
        try (Orchestrator orchestrator = Orchestrator.start(options)) {
            String sha = sha256(jar);
            HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(orchestrator.url()
                            .resolve(Endpoints.taskRunnerJar(sha))).header("Authorization", "Bearer " + ADMIN_KEY)
                    .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofFile(jar)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
            createRun(orchestrator.url(), runId);
            String token = json.readTree(http.send(HttpRequest.newBuilder(orchestrator.url()
                            .resolve(Endpoints.runnerToken(runId))).header("Authorization", "Bearer " + ADMIN_KEY)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .path("runner_token").asText();
            assertThat(token).startsWith("bfr1.");
            assertThat(DockerClient.run("tag", BASE_IMAGE, "ruby:" + rubyVersion).ok()).isTrue();

            Map<String, Object> vars = BootTemplate.awsVars(runId, orchestrator.url().toString().replaceAll("/$", ""),
                    token, sha);
            vars.put("ruby_version", rubyVersion);
            vars.put("orchestrator_cert_pem", pem.strip());
            String script = BootTemplate.render(vars);
            int exit = sandbox.run(script, Map.of("BENCHFLEET_DOCKER_NETWORK", "host", "BENCHFLEET_WATCH_INTERVAL", "1"),
                    SCRIPT_TIMEOUT);
            assertThat(exit).as(sandbox.output()).isZero();

            // Two runners, named and pinned as specified, from the image the script built.
            List<String> names = List.of("benchfleet-" + runId + "-c7g-1", "benchfleet-" + runId + "-c7g-2");
            for (int i = 0; i < names.size(); i++) {
                DockerClient.Result inspect = DockerClient.run("inspect", "--format",
                        "{{.HostConfig.CpusetCpus}}|{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}|{{.Config.Image}}|{{json .Args}}",
                        names.get(i));
                assertThat(inspect.ok()).as(inspect.output()).isTrue();
                String[] fields = inspect.output().strip().split("\\|", 4);
                assertThat(fields[0]).isEqualTo(Integer.toString(i));
                assertThat(fields[1]).isEqualTo("on-failure:3");
                assertThat(fields[2]).isEqualTo(image);
                assertThat(fields[3]).contains("\"--orchestrator-url\",\"" + orchestrator.url().toString().replaceAll("/$", "")
                                + "\"", "\"--run-id\",\"" + runId + "\"", "\"--provider\",\"aws\"",
                        "\"--instance-type\",\"c7g.medium\"", "\"--orchestrator-cert-sha256\",\"" + pin + "\"", "\"--mock\"")
                        .doesNotContain("--api-key").doesNotContain(token).doesNotContain("--debug");
            }

            // Both exit when the run is done; then the watcher powers the machine off, once.
            assertThat(sandbox.awaitCall("shutdown -h now", RUN_TIMEOUT)).as(sandbox.log()).isTrue();
            JsonNode run = json.readTree(get(orchestrator.url().resolve("/runs/" + runId)).body());
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
            assertThat(run.path("tasks").path("completed").asInt()).isEqualTo(4);
            assertThat(run.path("tasks").path("failed").asInt()).isZero();
            for (String name : names) {
                assertThat(DockerClient.run("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name).output().strip())
                        .isEqualTo("exited 0");
            }

            assertThat(sandbox.callLines()).containsExactly("shutdown -h +1440", "dnf install -y docker",
                    "systemctl enable --now docker", "shutdown -h now");
            assertThat(sandbox.root().resolve("opt/benchfleet/image/target/task-runner.jar"))
                    .as("the master's jar, fetched by its hash over the pinned certificate").hasSameBinaryContentAs(jar);
            Path envFile = sandbox.root().resolve("etc/benchfleet/runner.env");
            assertThat(Files.getPosixFilePermissions(envFile))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Files.readString(envFile)).as("the run's token, never the admin key").isEqualTo("API_KEY=" + token + "\n");
            assertThat(sandbox.log()).contains("2 of 2 runner(s) started", "every runner has exited",
                    "orchestrator certificate SHA-256 " + pin).doesNotContain(token).doesNotContain(ADMIN_KEY);
            assertThat(sandbox.output()).doesNotContain(token).doesNotContain(ADMIN_KEY);
            for (String name : names) {
                assertThat(DockerClient.run("logs", name).output()).doesNotContain(token).contains("certificate pinned");
            }
        } finally {
            sandbox.stopWatcher();
            DockerClient.run("rm", "--force", "--volumes", "benchfleet-" + runId + "-c7g-1", "benchfleet-" + runId + "-c7g-2");
            DockerClient.run("rmi", "--force", image);
            DockerClient.run("rmi", "ruby:" + rubyVersion);
        }
    }

    private void createRun(URI orchestrator, String runId) throws Exception {
        String config = "{\"run_id\":\"" + runId + "\",\"ruby_version\":\"3.4.7\",\"runs_per_instance_type\":4,"
                + "\"aws\":[{\"instance_type\":\"c7g.medium\",\"alias\":\"c7g\"}]}";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(orchestrator.resolve("/runs"))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(config)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** A certificate for 127.0.0.1 made by openssl, as an operator makes one; the reason when openssl is missing. */
    private static Optional<String> selfSignedCertificate(Path dir) throws Exception {
        Process openssl;
        try {
            openssl = new ProcessBuilder("openssl", "req", "-x509", "-nodes", "-days", "2", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        } catch (java.io.IOException e) {
            return Optional.of("the openssl command is not available (" + e.getMessage() + ")");
        }
        if (!openssl.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            openssl.destroyForcibly();
            throw new AssertionError("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
        }
        return Optional.empty();
    }

    private static void skipUnless(Optional<String> reason) {
        reason.ifPresent(r -> System.out.println("Skipping BootScriptDockerIT: " + r));
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
    }

}
