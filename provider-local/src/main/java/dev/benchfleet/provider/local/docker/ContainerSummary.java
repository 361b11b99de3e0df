package dev.benchfleet.provider.local.docker;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One container as listed by {@link DockerCli#listByLabel(String, String)}.
 *
 * @param id       full container id
 * @param name     container name without the leading slash
 * @param state    lifecycle state
 * @param exitCode exit code the engine reports; only meaningful when {@code state.finished()}
 */
public record ContainerSummary(String id, String name, ContainerState state, int exitCode) {

    /** Checks required fields. */
    public ContainerSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }

    /** @return the exit code if the container has finished; empty while it is created or running */
    public OptionalInt exitStatus() {
        return state.finished() ? OptionalInt.of(exitCode) : OptionalInt.empty();
    }
}
