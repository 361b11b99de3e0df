package dev.benchfleet.provider.azure.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.orchestrator.Orchestrator;
import dev.benchfleet.orchestrator.OrchestratorOptions;
import dev.benchfleet.protocol.Endpoints;
import dev.benchfleet.provider.aws.boot.BootSandbox;
import dev.benchfleet.provider.aws.boot.DockerClient;
import dev.benchfleet.provider.aws.terraform.BootTemplate;
import dev.benchfleet.provider.aws.terraform.HclModule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boot script as an Azure VM would run it (the shared template with infrastructure/azure/boot-cloud.sh),
 * minus the VM: rendered with Terraform's template rules and executed by bash against the real (offline) Docker
 * engine, with fakes only for apt-get, systemctl, systemd-run and shutdown, and a loopback stub for the
 * instance metadata service and ARM. Two pinned runners complete a mock run on Benchfleet's real orchestrator
 * on loopback; once they have exited the VM deallocates itself: one ARM deallocate call with the managed
 * identity's token, and no OS shutdown.
 */
class AzureBootScriptDockerIT {

    private static final String BASE_IMAGE = "benchfleet/jre-base:17";
    private static final String ADMIN_KEY = "sk-benchfleet-azure-boot-7Hq2secret";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void runnersCompleteTheRunAndTheVmDeallocatesItselfThroughArm() throws Exception {
        skipUnless(DockerClient.unavailable());
        skipUnless(DockerClient.run("image", "inspect", BASE_IMAGE).ok() ? Optional.empty()
                : Optional.of("image " + BASE_IMAGE + " missing (.ci/docker/start-engine.sh builds it)"));
        Path jar = Path.of(System.getProperty("benchfleet.taskRunnerJar", "../task-runner/target/task-runner.jar"));
        skipUnless(Files.isRegularFile(jar) ? Optional.empty()
                : Optional.of(jar + " missing (built by `./mvnw -pl task-runner -am package`)"));

        long suffix = ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);
        String runId = "1735" + suffix;
        String rubyVersion = "3.4.7-bfaz" + suffix;
        String image = "benchfleet/task-runner:run-" + runId;
        List<String> names = List.of("benchfleet-" + runId + "-d2ps-1", "benchfleet-" + runId + "-d2ps-2");
        BootSandbox sandbox = new BootSandbox(Files.createDirectories(temp.resolve("vm")));
        for (String fake : List.of("apt-get", "systemd-run")) {
            sandbox.fake(fake, "exit 0");
        }
        OrchestratorOptions options = OrchestratorOptions.builder()
                .dataDir(Files.createDirectories(temp.resolve("orchestrator"))).apiKey(ADMIN_KEY)
                .bindAddress("127.0.0.1").port(0).retryAfterSeconds(1).build();
        try (Orchestrator orchestrator = Orchestrator.start(options);
             AzureMetadataStub azure = new AzureMetadataStub("benchfleet-" + runId, "d2ps-1")) {
            // As the master does: upload its task-runner.jar by hash, create the run, get the run's runner token.
            String sha = sha256(jar);
            HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(orchestrator.url().resolve(Endpoints.taskRunnerJar(sha)))
                    .header("Authorization", "Bearer " + ADMIN_KEY).timeout(Duration.ofSeconds(60))
                    .PUT(HttpRequest.BodyPublishers.ofFile(jar)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
            createRun(orchestrator.url(), runId);
            String token = json.readTree(http.send(HttpRequest.newBuilder(orchestrator.url().resolve(Endpoints.runnerToken(runId)))
                    .header("Authorization", "Bearer " + ADMIN_KEY).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("runner_token").asText();
            assertThat(DockerClient.run("tag", BASE_IMAGE, "ruby:" + rubyVersion).ok()).isTrue();

            Map<String, Object> vars = BootTemplate.awsVars(runId, orchestrator.url().toString().replaceAll("/$", ""), token, sha);
            vars.put("cloud_functions", Files.readString(HclModule.infrastructure().resolve("azure/boot-cloud.sh")));
            vars.put("provider_name", "azure");
            vars.put("alias", "d2ps");
            vars.put("instance_type", "Standard_D2ps_v5");
            vars.put("ruby_version", rubyVersion);
            String script = BootTemplate.render(vars);
            int exit = sandbox.run(script, Map.of("BENCHFLEET_DOCKER_NETWORK", "host", "BENCHFLEET_WATCH_INTERVAL", "1",
                    "BENCHFLEET_AZURE_IMDS", azure.uri().toString(), "BENCHFLEET_AZURE_ARM", azure.uri().toString()),
                    SCRIPT_TIMEOUT);
            assertThat(exit).as(sandbox.output()).isZero();

            for (int i = 0; i < names.size(); i++) {
                DockerClient.Result inspect = DockerClient.run("inspect", "--format",
                        "{{.HostConfig.CpusetCpus}}|{{.Config.Image}}|{{json .Args}}", names.get(i));
                assertThat(inspect.ok()).as(inspect.output()).isTrue();
                String[] fields = inspect.output().strip().split("\\|", 3);
                assertThat(fields[0]).isEqualTo(Integer.toString(i));
                assertThat(fields[1]).isEqualTo(image);
                assertThat(fields[2]).contains("\"--provider\",\"azure\"", "\"--instance-type\",\"Standard_D2ps_v5\"")
                        .doesNotContain(token);
            }

            // Both runners exit when the run is done; then the watcher deallocates the VM through ARM, once.
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            while (azure.deallocations.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(azure.deallocations).as(sandbox.log()).singleElement().satisfies(call -> {
                assertThat(call.path()).isEqualTo("/subscriptions/" + AzureMetadataStub.SUBSCRIPTION + "/resourceGroups/benchfleet-"
                        + runId + "/providers/Microsoft.Compute/virtualMachines/d2ps-1/deallocate?api-version=2024-07-01");
                assertThat(call.authorization()).isEqualTo("Bearer " + AzureMetadataStub.IDENTITY_TOKEN);
            });
            JsonNode run = json.readTree(get(orchestrator.url().resolve("/runs/" + runId)).body());
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
            assertThat(run.path("tasks").path("completed").asInt()).isEqualTo(4);

            Thread.sleep(1500); // the watcher ends right after the call: nothing else may follow
            assertThat(sandbox.callLines()).containsExactly(
                    "systemd-run --unit=benchfleet-power-off-1440m --on-active=1440m /bin/bash "
                            + temp.resolve("vm/user-data.sh") + " --power-off",
                    "apt-get update -q", "apt-get install -y -q --no-install-recommends docker.io",
                    "systemctl enable --now docker");
            assertThat(azure.deallocations).hasSize(1);
            assertThat(sandbox.log()).contains("deallocating d2ps-1 (resource group benchfleet-" + runId + ")")
                    .doesNotContain(token).doesNotContain(ADMIN_KEY).doesNotContain(AzureMetadataStub.IDENTITY_TOKEN);
            assertThat(sandbox.root().resolve("run/benchfleet/arm-headers")).as("the token file is removed").doesNotExist();
        } finally {
            sandbox.stopWatcher();
            DockerClient.run("rm", "--force", "--volumes", names.get(0), names.get(1));
            DockerClient.run("rmi", "--force", image);
            DockerClient.run("rmi", "ruby:" + rubyVersion);
        }
    }

    private void createRun(URI orchestrator, String runId) throws Exception {
        String config = "{\"run_id\":\"" + runId + "\",\"ruby_version\":\"3.4.7\",\"runs_per_instance_type\":4,"
                + "\"azure\":[{\"instance_type\":\"Standard_D2ps_v5\",\"alias\":\"d2ps\"}]}";
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

    private static void skipUnless(Optional<String> reason) {
        reason.ifPresent(r -> System.out.println("Skipping AzureBootScriptDockerIT: " + r));
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
    }
}
