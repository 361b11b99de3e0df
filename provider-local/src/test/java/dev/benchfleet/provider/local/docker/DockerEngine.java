package dev.benchfleet.provider.local.docker;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The engine found by {@link DockerEngineExtension}: the environment that reaches it and what it said.
 *
 * @param environment client environment (this test JVM's, including DOCKER_HOST)
 * @param info        the engine's answer to {@code docker info}
 */
record DockerEngine(Map<String, String> environment, EngineInfo info) {

    DockerCli cli(Consumer<List<String>> observer) {
        return new DockerCli(DockerCli.DEFAULT_BINARY, environment, DockerTimeouts.DEFAULTS, observer);
    }
}
