package dev.benchfleet.provider.aws.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.client.OrchestratorClient;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.provider.aws.orchestrator.CertificateFingerprint;
import dev.benchfleet.provider.aws.terraform.MetaTemplate;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestrator host's user-data as EC2 would run it, minus the machine: rendered with Terraform's
 * template rules and run by the shell of a container on the offline Docker engine, with fakes only for
 * {@code dnf}, {@code aws s3 cp} / {@code aws ssm get-parameter} (they hand out the files a real bucket and
 * real parameters would hold) and {@code systemctl} (it starts the unit's ExecStart). It ends with the real
 * orchestrator.jar answering {@code GET /up} over HTTPS with exactly the expected certificate, which the
 * master's pinned client checks; the admin key from the "parameter" works and is in no file but its own.
 */
class MetaUserDataDockerIT {

    private static final String IMAGE = "benchfleet/jre-base:17";
    private static final String ADMIN_KEY = "sk-benchfleet-meta-Qm4x9Zr2Lw7Tn5Vb8secret";
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path temp;

    @Test
    void theHostBootsIntoThePinnedHttpsOrchestrator() throws Exception {
        skipUnless(DockerClient.unavailable());
        skipUnless(DockerClient.run("image", "inspect", IMAGE).ok() ? Optional.empty()
                : Optional.of("image " + IMAGE + " missing (.ci/docker/start-engine.sh builds it)"));
        Path jar = Path.of(System.getProperty("benchfleet.orchestratorJar", "../orchestrator/target/orchestrator.jar"));
        skipUnless(Files.isRegularFile(jar) ? Optional.empty()
                : Optional.of(jar + " missing (built by `./mvnw -pl orchestrator -am package`)"));

        Path sandbox = Files.createDirectories(temp.resolve("sandbox"));
        Path cert = sandbox.resolve("made/cert.pem");
        Path key = sandbox.resolve("made/key.pem");
        skipUnless(makeCertificate(cert, key));
        // What S3 and SSM hold after terraform apply: the jar object and the two SecureStrings.
        Files.createDirectories(sandbox.resolve("s3/benchfleet-orchestrator-test"));
        Files.copy(jar, sandbox.resolve("s3/benchfleet-orchestrator-test/orchestrator.jar"));
        Files.createDirectories(sandbox.resolve("ssm"));
        Files.writeString(sandbox.resolve("ssm/api-key"), ADMIN_KEY);
        Files.copy(key, sandbox.resolve("ssm/tls-key"));
        writeFakes(sandbox.resolve("bin"));

        int port = freePort();
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("region", "eu-west-1");
        vars.put("bucket", "benchfleet-orchestrator-test");
        vars.put("jar_key", "orchestrator.jar");
        vars.put("jar_sha256", sha256(jar));
        vars.put("api_key_parameter", "/benchfleet/benchfleet-orchestrator-test/api-key");
        vars.put("tls_key_parameter", "/benchfleet/benchfleet-orchestrator-test/tls-key");
        vars.put("cert_pem", Files.readString(cert));
        vars.put("port", port);
        vars.put("public_url", "https://127.0.0.1:" + port);
        String script = MetaTemplate.render(vars);
        assertThat(script).doesNotContain(ADMIN_KEY).doesNotContain("PRIVATE KEY");
        Files.writeString(sandbox.resolve("user-data.sh"), script);

        String container = "benchfleet-meta-boot-" + ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);
        String pin = CertificateFingerprint.sha256(Files.readString(cert));
        try {
            // The directories an Amazon Linux host has and a busybox image lacks; then the boot as cloud-init runs it.
            DockerClient.Result started = DockerClient.run("run", "-d", "--name", container, "--network", "host",
                    "-v", sandbox + ":/sandbox", "-e", "PATH=/sandbox/bin:/opt/java/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    IMAGE, "sh", "-c", "mkdir -p /var/log /etc/systemd/system && sh /sandbox/user-data.sh;"
                            + " echo $? >/sandbox/exit.tmp && mv /sandbox/exit.tmp /sandbox/exit; sleep 600");
            assertThat(started.ok()).as(started.output()).isTrue();

            Path exit = sandbox.resolve("exit");
            long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
            while (!Files.exists(exit) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            String bootLog = DockerClient.run("exec", container, "cat", "/var/log/benchfleet-orchestrator-boot.log").output();
            assertThat(exit).as("the boot script did not finish in time; its log:\n" + bootLog).exists();
            assertThat(Files.readString(exit).strip()).as(bootLog).isEqualTo("0");

            OrchestratorClient pinned = OrchestratorClient.create(URI.create("https://127.0.0.1:" + port), Secret.of(ADMIN_KEY),
                    Optional.of(pin));
            boolean up = false;
            while (!up && System.nanoTime() < deadline) {
                up = pinned.isUp();
                if (!up) {
                    Thread.sleep(250);
                }
            }
            Path unitLog = sandbox.resolve("unit.log");
            assertThat(up).as("GET /up over HTTPS; unit log:\n" + (Files.exists(unitLog) ? Files.readString(unitLog) : "(none)"))
                    .isTrue();
            // The admin key the host fetched from its parameter is the one the orchestrator accepts.
            ObjectNode run = new ObjectMapper().createObjectNode().put("run_id", "1734000000000000042")
                    .put("ruby_version", "3.4.7").put("runs_per_instance_type", 1);
            run.putArray("aws").addObject().put("instance_type", "c7g.medium").put("alias", "c7g");
            assertThat(pinned.createRun(run)).isEqualTo(1);
            // Any other certificate is refused, never trusted.
            OrchestratorClient wrongPin = OrchestratorClient.create(URI.create("https://127.0.0.1:" + port),
                    Secret.of(ADMIN_KEY), Optional.of("00".repeat(32)));
            assertThatThrownBy(wrongPin::isUp).isInstanceOf(ExternalException.class).hasMessageContaining("refusing");

            assertThat(Files.readAllLines(sandbox.resolve("calls.log"))).containsExactly(
                    "dnf install -y java-21-amazon-corretto-headless",
                    "aws --region eu-west-1 s3 cp s3://benchfleet-orchestrator-test/orchestrator.jar "
                            + "/opt/benchfleet/orchestrator.jar.part --only-show-errors",
                    "aws --region eu-west-1 ssm get-parameter --name /benchfleet/benchfleet-orchestrator-test/api-key "
                            + "--with-decryption --query Parameter.Value --output text",
                    "aws --region eu-west-1 ssm get-parameter --name /benchfleet/benchfleet-orchestrator-test/tls-key "
                            + "--with-decryption --query Parameter.Value --output text",
                    "systemctl daemon-reload",
                    "systemctl enable --now benchfleet-orchestrator.service");
            String modes = DockerClient.run("exec", container, "stat", "-c", "%n %a", "/etc/benchfleet/api.key",
                    "/etc/benchfleet/key.pem", "/etc/benchfleet/cert.pem", "/etc/benchfleet", "/var/lib/benchfleet").output();
            assertThat(modes.lines().toList()).containsExactly("/etc/benchfleet/api.key 600", "/etc/benchfleet/key.pem 600",
                    "/etc/benchfleet/cert.pem 600", "/etc/benchfleet 700", "/var/lib/benchfleet 700");
            String unit = DockerClient.run("exec", container, "cat",
                    "/etc/systemd/system/benchfleet-orchestrator.service").output();
            assertThat(unit).contains("Restart=on-failure", "--data-dir /var/lib/benchfleet",
                    "--api-key-file /etc/benchfleet/api.key").doesNotContain(ADMIN_KEY);
            assertThat(bootLog).doesNotContain(ADMIN_KEY).contains("orchestrator service started");
            // The orchestrator's database is on the (root) disk, where the unit said.
            assertThat(DockerClient.run("exec", container, "ls", "/var/lib/benchfleet").output()).isNotBlank();
        } finally {
            // Files the container's root wrote: hand them back so the temporary folder can be removed.
            DockerClient.run("exec", container, "chmod", "-R", "a+rwX", "/sandbox");
            DockerClient.run("rm", "--force", container);
        }
    }

    /** Fakes first on the PATH; each logs its arguments to /sandbox/calls.log. */
    private static void writeFakes(Path bin) throws IOException {
        Files.createDirectories(bin);
        fake(bin, "dnf", "exit 0");
        // aws s3 cp s3://BUCKET/KEY DEST ... and aws ssm get-parameter --name NAME ... --output text
        fake(bin, "aws", String.join("\n",
                "shift 2  # --region REGION",
                "case \"$1 $2\" in",
                "  's3 cp') src=${3#s3://}; cp \"/sandbox/s3/$src\" \"$4\" ;;",
                "  'ssm get-parameter') cat \"/sandbox/ssm/${4##*/}\"; echo ;;",
                "  *) echo \"fake aws: unexpected $*\" >&2; exit 2 ;;",
                "esac"));
        // systemctl enable --now UNIT starts the unit's ExecStart (as systemd would) in the background.
        fake(bin, "systemctl", String.join("\n",
                "if [ \"$1\" = enable ] && [ \"$2\" = --now ]; then",
                "  cmd=$(sed -n 's/^ExecStart=//p' \"/etc/systemd/system/$3\")",
                "  setsid sh -c \"exec $cmd\" </dev/null >/sandbox/unit.log 2>&1 &",
                "fi",
                "exit 0"));
    }

    private static void fake(Path bin, String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\necho \"" + name + " $*\" >>/sandbox/calls.log\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A self-signed EC certificate for 127.0.0.1 and its PKCS#8 key, as Terraform's tls provider makes them. */
    private static Optional<String> makeCertificate(Path cert, Path key) throws IOException, InterruptedException {
        Files.createDirectories(cert.getParent());
        Process process;
        try {
            process = new ProcessBuilder(List.of("openssl", "req", "-x509", "-nodes", "-days", "2",
                    "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString()))
                    .redirectErrorStream(true).redirectOutput(cert.resolveSibling("openssl.log").toFile()).start();
        } catch (IOException e) {
            return Optional.of("the openssl command is not available: " + e.getMessage());
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("openssl failed: " + Files.readString(cert.resolveSibling("openssl.log")));
        }
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void skipUnless(Optional<String> reason) {
        reason.ifPresent(r -> System.out.println("Skipping MetaUserDataDockerIT: " + r));
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
    }
}
