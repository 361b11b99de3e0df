package dev.benchfleet.examples.e2e;

import dev.benchfleet.core.client.RunState;
import dev.benchfleet.core.flow.FlowListener;
import dev.benchfleet.core.flow.FlowOutcome;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.provider.local.docker.ContainerSummary;
import dev.benchfleet.provider.local.docker.DockerCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local provider's docker runtime, for real: a whole mock run in containers built from
 * task-runner/Dockerfile on the offline base image that {@code .ci/docker/start-engine.sh} makes.
 * Skipped, with the reason printed, where no engine runs.
 */
class DockerRunIT {

    private static final String BASE_IMAGE = "benchfleet/jre-base:17";
    private static DockerCli docker;
    private static Map<String, String> dockerEnv;

    @TempDir
    Path base;

    @BeforeAll
    static void findEngine() {
        dockerEnv = new TreeMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("DOCKER_") || name.equals("PATH") || name.equals("HOME")) {
                dockerEnv.put(name, value);
            }
        });
        String reason = null;
        if (!dockerEnv.containsKey("DOCKER_HOST")) {
            reason = "DOCKER_HOST is not set (.ci/run starts an engine with .ci/docker/start-engine.sh)";
        } else {
            docker = new DockerCli(DockerCli.DEFAULT_BINARY, dockerEnv);
            if (!docker.engineAnswers()) {
                reason = "no Docker engine answers at " + dockerEnv.get("DOCKER_HOST");
            } else if (!docker.imageExists(BASE_IMAGE)) {
                reason = "the offline base image " + BASE_IMAGE + " is missing (.ci/docker/make-base-image.sh)";
            }
        }
        if (reason != null) {
            System.out.println("Skipping DockerRunIT: " + reason);
        }
        assumeTrue(reason == null, reason);
    }

    @Test
    void aMockRunInPinnedContainersCompletesAndLeavesNoContainer() throws IOException {
        Path config = LocalRuns.localConfig(base, 4, 2, 2);
        Map<String, String> env = dockerRunEnvironment();
        Map<String, String> cpusetByName = new TreeMap<>();
        FlowListener watcher = new FlowListener() {
            @Override
            public synchronized void progress(RunState state) {
                // Runners start while the orchestrator comes up, so the first progress may see one of them only.
                for (ContainerSummary container : docker.listByLabel("dev.benchfleet.run", state.runId())) {
                    cpusetByName.computeIfAbsent(container.name(), name -> inspectCpuset(container.id()));
                }
            }
        };

        FlowOutcome outcome = LocalRuns.flow(ProviderRegistry.discover(getClass().getClassLoader()))
                .run(LocalRuns.options(config, base, env).build(), watcher);

        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(LocalRuns.taskFolders(outcome.resultsDir())).hasSize(4)
                .allSatisfy(folder -> assertThat(folder.resolve("output.txt")).isNotEmptyFile());
        String runId = outcome.runId();
        assertThat(cpusetByName).containsOnlyKeys("benchfleet-" + runId + "-here-1", "benchfleet-" + runId + "-here-2");
        Set<String> cpus = new TreeSet<>(cpusetByName.values());
        assertThat(cpus).containsExactly("0", "1");
        List<ContainerSummary> left = docker.listByLabel("dev.benchfleet.run", runId);
        assertThat(left).as("no container of the run is left").isEmpty();
    }

    @Test
    void aMockRunInContainersCompletesOverPinnedHttpsWithTheRunsToken() throws IOException {
        Path config = LocalRuns.localConfig(base, 2, 2, 2);
        Map<String, String> env = dockerRunEnvironment();
        env.put("BENCHFLEET_LOCAL_ORCHESTRATOR_TLS", "true");

        FlowOutcome outcome = LocalRuns.flow(ProviderRegistry.discover(getClass().getClassLoader()))
                .run(LocalRuns.options(config, base, env).build(), new FlowListener() { });

        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.orchestratorUrl().toString()).startsWith("https://");
        assertThat(LocalRuns.taskFolders(outcome.resultsDir())).hasSize(2);
        assertThat(docker.listByLabel("dev.benchfleet.run", outcome.runId())).isEmpty();
    }

    /** A mock local run with the Docker runtime on the test engine and the offline base image. */
    private static Map<String, String> dockerRunEnvironment() {
        Map<String, String> env = LocalRuns.environment("300ms");
        env.putAll(dockerEnv);
        env.put("BENCHFLEET_LOCAL_RUNTIME", "docker");
        env.put("BENCHFLEET_DOCKER_BASE_IMAGE", BASE_IMAGE);
        return env;
    }

    private static String inspectCpuset(String id) {
        try {
            ProcessBuilder builder = new ProcessBuilder("docker", "inspect", "--format", "{{.HostConfig.CpusetCpus}}", id);
            builder.environment().putAll(dockerEnv);
            Process process = builder.redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).strip();
            process.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "error: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
