package dev.benchfleet.provider.local.docker;

import java.util.Objects;

/**
 * What a Docker engine reports about itself ({@code docker info}).
 *
 * @param serverVersion engine version, e.g. {@code 20.10.24+dfsg1}
 * @param osType        OS containers run on: {@code linux} or {@code windows}
 * @param cpuCount      CPUs the engine can give containers (on Docker Desktop: the VM's CPUs, not the host's)
 * @param operatingSystem the engine host's OS description, e.g. {@code Debian GNU/Linux 12 (bookworm)} or
 *                      {@code Docker Desktop}: tells whether containers share this machine's network
 */
public record EngineInfo(String serverVersion, String osType, int cpuCount, String operatingSystem) {

    /** Validates that the engine reported the fields callers rely on. */
    public EngineInfo {
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(osType, "osType");
        Objects.requireNonNull(operatingSystem, "operatingSystem");
        if (cpuCount < 1) {
            throw new IllegalArgumentException("cpuCount must be >= 1, got " + cpuCount);
        }
    }
}
