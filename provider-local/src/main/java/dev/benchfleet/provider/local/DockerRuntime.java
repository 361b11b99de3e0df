package dev.benchfleet.provider.local;

import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.StartedResource;
import dev.benchfleet.provider.local.docker.ContainerSpec;
import dev.benchfleet.provider.local.docker.ContainerSummary;
import dev.benchfleet.provider.local.docker.DockerCli;
import dev.benchfleet.provider.local.docker.DockerException;
import dev.benchfleet.provider.local.docker.EngineInfo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Task runners as Docker containers: the image is built once from the task runner's Dockerfile
 * (tagged by Ruby version and jar digest, so a new jar means a new image), then one
 * {@code docker run -d} per runner, pinned with {@code --cpuset-cpus}, labelled with the run id so
 * that teardown finds exactly that run's containers, even from another process.
 */
final class DockerRuntime implements LocalRuntime {

    static final String RUN_LABEL = "dev.benchfleet.run";
    static final String PROVIDER_LABEL = "dev.benchfleet.provider";
    private static final String DOCKERFILE_RESOURCE = "Dockerfile";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);

    private final DockerCli docker;
    private final EngineInfo engine;
    private final LocalSettings settings;
    private final Path taskRunnerJar;

    DockerRuntime(DockerCli docker, EngineInfo engine, LocalSettings settings, Path taskRunnerJar) {
        this.docker = docker;
        this.engine = engine;
        this.settings = settings;
        this.taskRunnerJar = taskRunnerJar;
    }

    @Override
    public String name() {
        return "docker";
    }

    /** The engine's CPUs: on Docker Desktop, those of its VM, which pinning must stay within. */
    int cpus() {
        return engine.cpuCount();
    }

    @Override
    public List<StartedResource> start(ProviderContext context, List<RunnerSpec> runners) {
        String image = ensureImage(context);
        Network network = Network.choose(engine, context.orchestratorUrl(), settings);
        List<StartedResource> started = new ArrayList<>();
        try {
            for (RunnerSpec runner : runners) {
                context.cancellation().throwIfCancelled();
                ContainerSpec.Builder spec = ContainerSpec.builder(image)
                        .name(runner.name(context.runId()))
                        .label(RUN_LABEL, context.runId())
                        .label(PROVIDER_LABEL, context.provider())
                        .label("dev.benchfleet.alias", runner.alias())
                        .cpusetCpus(String.valueOf(runner.cpu()))
                        .env(TaskRunnerArguments.RUN_WAIT_VARIABLE, TaskRunnerArguments.RUN_WAIT)
                        .env(settings.passThrough())
                        .env(TaskRunnerArguments.API_KEY_VARIABLE, context.runnerToken().reveal())
                        .args(TaskRunnerArguments.of(context, network.orchestratorUrl(), runner));
                network.apply(spec);
                String id = docker.runDetached(spec.build());
                RunnerRecord.add(context.state(), new RunnerRecord.Runner(runner.name(context.runId()), 0,
                        java.util.Optional.empty()));
                started.add(new StartedResource("container", runner.name(context.runId()),
                        id.substring(0, Math.min(12, id.length())) + " on cpu " + runner.cpu()));
            }
        } catch (DockerException e) {
            throw new ExternalException("docker could not start a task runner: " + e.getMessage(),
                    "check `docker info`; or run with " + LocalSettings.RUNTIME + "=process", e);
        }
        return started;
    }

    @Override
    public String teardownHint(ProviderContext context, List<StartedResource> started) {
        return teardownCommand(context.runId());
    }

    /** The run's containers that still exist (by label: also any the record missed). */
    static List<String> remaining(DockerCli docker, String runId) {
        try {
            return docker.listByLabel(RUN_LABEL, runId).stream().map(ContainerSummary::name).toList();
        } catch (DockerException e) {
            throw new ExternalException("docker could not list the task runner containers of run " + runId + ": "
                    + e.getMessage(), teardownCommand(runId), e);
        }
    }

    /** Removes every container labelled with the run id; idempotent. */
    static void stopByLabel(DockerCli docker, String runId) {
        try {
            List<String> ids = docker.listByLabel(RUN_LABEL, runId).stream().map(ContainerSummary::id).toList();
            if (!ids.isEmpty()) {
                docker.remove(ids);
            }
        } catch (DockerException e) {
            throw new ExternalException("docker could not remove the task runner containers of run " + runId + ": "
                    + e.getMessage(), teardownCommand(runId), e);
        }
    }

    /** The command a person runs to remove the run's containers by hand. */
    static String teardownCommand(String runId) {
        return "docker rm -f $(docker ps -aq --filter label=" + RUN_LABEL + "=" + runId + ")";
    }

    private String ensureImage(ProviderContext context) {
        String tag = "benchfleet/task-runner:" + context.rubyVersion() + "-" + digest(taskRunnerJar).substring(0, 12);
        try {
            if (docker.imageExists(tag)) {
                context.info("using task runner image " + tag);
                return tag;
            }
            Path buildContext = context.workDir().resolve("image");
            Files.createDirectories(buildContext.resolve("target"));
            try (InputStream dockerfile = DockerRuntime.class.getResourceAsStream(DOCKERFILE_RESOURCE)) {
                if (dockerfile == null) {
                    throw new ExternalException("the task runner Dockerfile is missing from the local provider's jar");
                }
                Files.copy(dockerfile, buildContext.resolve("Dockerfile"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.copy(taskRunnerJar, buildContext.resolve("target/task-runner.jar"), StandardCopyOption.REPLACE_EXISTING);
            String base = settings.baseImage().orElse("ruby:" + context.rubyVersion());
            context.info("building task runner image " + tag + " from " + base + " (once per jar and Ruby version)");
            docker.build(buildContext, buildContext.resolve("Dockerfile"), tag,
                    Map.of("RUBY_VERSION", context.rubyVersion(), "BASE_IMAGE", base), BUILD_TIMEOUT);
            return tag;
        } catch (IOException e) {
            throw new ExternalException("could not prepare the task runner image build: " + e.getMessage());
        } catch (DockerException e) {
            throw new ExternalException("docker could not build the task runner image " + tag + ": " + e.getMessage(),
                    "set " + LocalSettings.BASE_IMAGE + " to an image that has a JRE or apt, or run with "
                            + LocalSettings.RUNTIME + "=process", e);
        }
    }

    private static String digest(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new ExternalException("cannot read the task runner jar " + file + ": " + e.getMessage());
        }
    }

    /**
     * How containers reach the orchestrator. A Linux engine on this host shares its network with
     * {@code --network=host}, so a loopback URL works unchanged. Elsewhere (Docker Desktop, remote
     * engines, {@code BENCHFLEET_DOCKER_NETWORK=gateway}) containers keep their own network and reach
     * the host as {@code host.docker.internal}.
     */
    record Network(boolean host, URI orchestratorUrl) {

        static final String VARIABLE = "BENCHFLEET_DOCKER_NETWORK";

        static Network choose(EngineInfo engine, URI url, LocalSettings settings) {
            String asked = settings.passThrough().getOrDefault(VARIABLE, "auto");
            boolean host = switch (asked) {
                case "host" -> true;
                case "gateway" -> false;
                default -> engine.osType().equals("linux") && !engine.operatingSystem().contains("Docker Desktop");
            };
            if (host) {
                return new Network(true, url);
            }
            return new Network(false, URI.create(url.getScheme() + "://host.docker.internal"
                    + (url.getPort() < 0 ? "" : ":" + url.getPort()) + (url.getRawPath() == null ? "" : url.getRawPath())));
        }

        void apply(ContainerSpec.Builder spec) {
            if (host) {
                spec.network("host");
            } else {
                spec.addHost("host.docker.internal", "host-gateway");
            }
        }
    }
}
