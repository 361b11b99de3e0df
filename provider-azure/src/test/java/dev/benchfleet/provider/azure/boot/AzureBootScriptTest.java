package dev.benchfleet.provider.azure.boot;

import com.sun.net.httpserver.HttpServer;
import dev.benchfleet.provider.aws.boot.BootSandbox;
import dev.benchfleet.provider.aws.terraform.BootTemplate;
import dev.benchfleet.provider.aws.terraform.HclModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Azure boot script (shared template + infrastructure/azure/boot-cloud.sh) run by bash with a fake
 * {@code docker}, fake apt-get/systemctl/systemd-run/shutdown and the loopback metadata/ARM stub: no Docker
 * engine needed. {@link AzureBootScriptDockerIT} runs the happy path on the real engine.
 */
class AzureBootScriptTest {

    private static final String TOKEN = "sk-benchfleet-azure-unit-3Kd8secret";
    private static final String RUN_ID = "173500000055555555";
    private static final byte[] JAR = "not really a jar, but bytes with a known hash".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String FAKE_DOCKER = """
            case "$1" in
              run) echo 0123abcd;;
              ps) printf '%b' "$FAKE_DOCKER_PS";;
            esac
            exit 0""";

    @TempDir
    Path temp;
    private HttpServer server;
    private String url;
    private AzureMetadataStub azure;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/artifacts/task-runner/" + sha256(JAR) + ".jar", exchange -> {
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, JAR.length);
                out.write(JAR);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        azure = new AzureMetadataStub("benchfleet-" + RUN_ID, "d2ps-1");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        azure.close();
    }

    @Test
    void theRenderedScriptIsValidBashAndFitsInCustomData() throws Exception {
        String script = BootTemplate.render(vars(false));
        Path file = Files.writeString(temp.resolve("custom-data.sh"), script);
        Process check = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
        assertThat(check.waitFor()).as(new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        // Azure's custom data limit is 64 KiB of base64.
        assertThat(script.getBytes(StandardCharsets.UTF_8).length * 4 / 3).isLessThan(65_536);
        assertThat(script).contains("PROVIDER='azure'").contains("docker.io");
    }

    @Test
    void whenEveryRunnerHasExitedTheVmDeallocatesItselfOnce() throws Exception {
        BootSandbox sandbox = sandbox();

        int exit = sandbox.run(BootTemplate.render(vars(false)), env(), TIMEOUT);

        assertThat(exit).as(sandbox.output()).isZero();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (azure.deallocations.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(azure.deallocations).as(sandbox.log()).singleElement()
                .satisfies(call -> assertThat(call.authorization()).isEqualTo("Bearer " + AzureMetadataStub.IDENTITY_TOKEN));
        assertThat(azure.metadataRequests).contains("/metadata/instance/compute/subscriptionId",
                "/metadata/instance/compute/resourceGroupName", "/metadata/instance/compute/name",
                "/metadata/identity/oauth2/token");
        assertThat(sandbox.callLines()).contains("apt-get install -y -q --no-install-recommends docker.io")
                .anyMatch(l -> l.startsWith("systemd-run --unit=benchfleet-power-off-1440m --on-active=1440m /bin/bash "))
                .noneMatch(l -> l.startsWith("shutdown"));
        assertThat(sandbox.log()).doesNotContain(AzureMetadataStub.IDENTITY_TOKEN).doesNotContain(TOKEN);
    }

    @Test
    void theScheduledPowerOffCallsBackIntoTheScriptAndDeallocates() throws Exception {
        BootSandbox sandbox = sandbox();
        Path script = Files.writeString(temp.resolve("vm-script.sh"), BootTemplate.render(vars(false)));
        Files.createDirectories(sandbox.root().resolve("run/benchfleet"));
        Files.createDirectories(sandbox.root().resolve("var/log"));
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "--power-off").redirectErrorStream(true);
        builder.environment().putAll(env());
        builder.environment().put("BENCHFLEET_ROOT", sandbox.root().toString());
        builder.environment().put("PATH", temp.resolve("vm/bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();

        assertThat(process.waitFor(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        assertThat(azure.deallocations).hasSize(1);
    }

    @Test
    void withDebugTheVmNeverDeallocatesItself() throws Exception {
        BootSandbox sandbox = sandbox();

        int exit = sandbox.run(BootTemplate.render(vars(true)), env(), TIMEOUT);

        assertThat(exit).as(sandbox.output()).isZero();
        Thread.sleep(1500); // a watcher (there must be none) would have looked by now
        assertThat(sandbox.callLines()).noneMatch(l -> l.startsWith("systemd-run") || l.startsWith("shutdown"));
        assertThat(sandbox.callLines().stream().filter(l -> l.startsWith("docker run ")))
                .hasSize(2).allMatch(l -> l.endsWith(" --mock --debug --no-exit"));
        assertThat(azure.deallocations).isEmpty();
        assertThat(azure.metadataRequests).isEmpty();
    }

    private BootSandbox sandbox() throws IOException {
        BootSandbox sandbox = new BootSandbox(Files.createDirectories(temp.resolve("vm")));
        sandbox.fake("docker", FAKE_DOCKER);
        sandbox.fake("apt-get", "exit 0");
        sandbox.fake("systemd-run", "exit 0");
        return sandbox;
    }

    private Map<String, Object> vars(boolean debug) throws IOException {
        Map<String, Object> vars = BootTemplate.awsVars(RUN_ID, url, TOKEN, sha256(JAR));
        vars.put("cloud_functions", Files.readString(HclModule.infrastructure().resolve("azure/boot-cloud.sh")));
        vars.put("provider_name", "azure");
        vars.put("alias", "d2ps");
        vars.put("instance_type", "Standard_D2ps_v5");
        vars.put("debug", debug);
        return vars;
    }

    private Map<String, String> env() {
        return Map.of("BENCHFLEET_WATCH_INTERVAL", "1", "FAKE_DOCKER_PS", "exited\\nexited\\n",
                "BENCHFLEET_AZURE_IMDS", azure.uri().toString(), "BENCHFLEET_AZURE_ARM", azure.uri().toString());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
