package dev.benchfleet.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.core.client.OrchestratorClient;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.examples.e2e.RunnerJar.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The main job with {@code --local-orchestrator-tls}: the embedded orchestrator serves HTTPS with a
 * certificate made at start, the master pins it, uploads its own {@code task-runner.jar}, and the task
 * runners pin it too and hold only the run's token, never the admin key.
 */
class LocalTlsRunIT {

    @TempDir
    Path workDir;

    @Test
    void theMainJobPassesOverPinnedHttpsWithRunnerTokensAndTheMastersRunnerJar() throws Exception {
        // a java that notes which credential each task runner got (a runner token or something else), then runs
        Path java = Files.writeString(workDir.resolve("java-noting-credential.sh"), """
                #!/bin/sh
                case "$API_KEY" in
                  bfr1.*) echo token >> "%s" ;;
                  *) echo other >> "%s" ;;
                esac
                exec "%s" "$@"
                """.formatted(workDir.resolve("credentials.txt"), workDir.resolve("credentials.txt"),
                Path.of(System.getProperty("java.home"), "bin", "java")));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path config = LocalRuns.examplesDir().resolve("config/local.json");

        Result result = RunnerJar.run(workDir, Map.of("BENCHFLEET_MOCK_DURATION", "300ms",
                "BENCHFLEET_LOCAL_RUNTIME", "process", "BENCHFLEET_JAVA", java.toString()),
                "-c", config.toString(), "--local-orchestrator-tls");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode summary = LocalRuns.JSON.readTree(result.lastStdoutLine());
        assertThat(summary.path("status").asText()).isEqualTo("completed");
        assertThat(summary.path("orchestrator_url").asText()).startsWith("https://127.0.0.1:");
        assertThat(result.stderr()).contains("(certificate pinned)");
        String runId = summary.path("run_id").asText();
        assertThat(LocalRuns.taskFolders(workDir.resolve("results").resolve(runId))).hasSize(4);

        assertThat(Files.readAllLines(workDir.resolve("credentials.txt"))).as("every runner got the run's token")
                .isNotEmpty().containsOnly("token");
        Path orchestrator = workDir.resolve(".benchfleet/runs").resolve(runId).resolve("orchestrator");
        assertThat(Files.getPosixFilePermissions(orchestrator.resolve("tls/key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String sha = sha256(LocalRuns.taskRunnerJar());
        assertThat(orchestrator.resolve("objects/artifacts/task-runner/" + sha + ".jar"))
                .as("no upload of task-runner.jar: local runners start from the one on this machine").doesNotExist();
        try (Stream<Path> logs = Files.list(workDir.resolve(".benchfleet/runs").resolve(runId).resolve("local/runners"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).contains("certificate pinned");
            }
        }
        theMasterClientRefusesAnotherPin(orchestrator.resolve("tls"));
    }

    /** The certificate the run made, served again: the master's client accepts it under its pin only. */
    private void theMasterClientRefusesAnotherPin(Path tls) throws Exception {
        dev.benchfleet.orchestrator.OrchestratorOptions options = dev.benchfleet.orchestrator.OrchestratorOptions.builder()
                .apiKey("k-0123456789").dataDir(workDir.resolve("again")).tls(tls.resolve("cert.pem"), tls.resolve("key.pem"))
                .build();
        try (dev.benchfleet.orchestrator.Orchestrator again = dev.benchfleet.orchestrator.Orchestrator.start(options)) {
            URI url = again.url();
            String pin = pinOf(tls.resolve("cert.pem"));
            assertThat(OrchestratorClient.create(url, Secret.of("k-0123456789"), Optional.of(pin)).isUp()).isTrue();
            String wrong = "12".repeat(32);
            assertThatThrownBy(() -> OrchestratorClient.create(url, Secret.of("k-0123456789"), Optional.of(wrong)).isUp())
                    .isInstanceOf(ExternalException.class).hasMessageContaining("not the pinned " + wrong)
                    .hasMessageContaining(pin);
        }
    }

    private static String pinOf(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return dev.benchfleet.protocol.CertificatePinning.fingerprint((java.security.cert.X509Certificate)
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
    }

    private static String sha256(Path file) throws Exception {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        }
    }

}
