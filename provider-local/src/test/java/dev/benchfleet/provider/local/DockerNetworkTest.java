package dev.benchfleet.provider.local;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.provider.local.docker.EngineInfo;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How containers reach an orchestrator on this machine, per kind of engine. */
class DockerNetworkTest {

    private static final URI LOOPBACK = URI.create("http://127.0.0.1:41629/");

    @Test
    void aLinuxEngineOnThisHostSharesItsNetwork() {
        DockerRuntime.Network network = choose(new EngineInfo("28.2.2", "linux", 8, "Debian GNU/Linux 12 (bookworm)"), Map.of());

        assertThat(network.host()).isTrue();
        assertThat(network.orchestratorUrl()).isEqualTo(LOOPBACK);
    }

    @Test
    void dockerDesktopReachesTheHostAsHostDockerInternal() {
        DockerRuntime.Network network = choose(new EngineInfo("28.2.2", "linux", 4, "Docker Desktop"), Map.of());

        assertThat(network.host()).isFalse();
        assertThat(network.orchestratorUrl()).isEqualTo(URI.create("http://host.docker.internal:41629/"));
    }

    @Test
    void theEnvironmentCanForceEitherWay() {
        EngineInfo linux = new EngineInfo("28.2.2", "linux", 8, "Debian");

        assertThat(choose(linux, Map.of("BENCHFLEET_DOCKER_NETWORK", "gateway")).host()).isFalse();
        assertThat(choose(new EngineInfo("28.2.2", "linux", 4, "Docker Desktop"),
                Map.of("BENCHFLEET_DOCKER_NETWORK", "host")).host()).isTrue();
    }

    private static DockerRuntime.Network choose(EngineInfo engine, Map<String, String> env) {
        LocalSettings settings = LocalSettings.from(Environment.of(env), Path.of("/usr/bin/java"));
        return DockerRuntime.Network.choose(engine, LOOPBACK, settings);
    }
}
