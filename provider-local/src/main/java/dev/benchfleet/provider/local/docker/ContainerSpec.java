package dev.benchfleet.provider.local.docker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What to start with {@link DockerCli#runDetached(ContainerSpec)}.
 *
 * <p>Maps are copied into sorted, unmodifiable maps (iteration in key order) so the generated
 * {@code docker run} arguments are deterministic. {@link #toString()} never shows env values: they are secrets (API keys) as far as this
 * package is concerned.
 *
 * @param image      image reference, e.g. {@code benchfleet/task-runner:dev}
 * @param name       container name, or null to let the engine pick one
 * @param labels     labels to set ({@code --label k=v}); used to find the containers again
 * @param cpusetCpus value for {@code --cpuset-cpus} (e.g. {@code 0} or {@code 2-3}), or null for no pinning
 * @param network    value for {@code --network} (e.g. {@code host}), or null for the engine's default
 * @param addHosts   extra /etc/hosts entries, host name to address; the address may be {@code host-gateway}
 * @param env        environment for the container; values travel in the docker client's environment and
 *                   never in its arguments
 * @param args       arguments after the image (passed to the image's entrypoint)
 */
public record ContainerSpec(
        String image,
        String name,
        Map<String, String> labels,
        String cpusetCpus,
        String network,
        Map<String, String> addHosts,
        Map<String, String> env,
        List<String> args) {

    /** Validates and defensively copies. */
    public ContainerSpec {
        requireText(image, "image");
        if (name != null) {
            requireText(name, "name");
        }
        labels = sortedCopy(labels, "labels");
        addHosts = sortedCopy(addHosts, "addHosts");
        env = sortedCopy(env, "env");
        args = List.copyOf(Objects.requireNonNull(args, "args"));
        for (String key : env.keySet()) {
            if (key.isEmpty() || key.contains("=") || key.contains("\0")) {
                throw new IllegalArgumentException("invalid environment variable name: '" + key + "'");
            }
        }
        for (String key : labels.keySet()) {
            requireText(key, "label key");
        }
    }

    /**
     * Starts a builder.
     *
     * @param image image reference
     * @return a builder with no name, labels, pinning, network, hosts, env or args
     */
    public static Builder builder(String image) {
        return new Builder(image);
    }

    /** Shows env names only, so logging a spec never leaks a secret. */
    @Override
    public String toString() {
        return "ContainerSpec[image=" + image + ", name=" + name + ", labels=" + labels
                + ", cpusetCpus=" + cpusetCpus + ", network=" + network + ", addHosts=" + addHosts
                + ", env=" + env.keySet() + " (values hidden), args=" + args + "]";
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    private static SortedMap<String, String> sortedCopy(Map<String, String> map, String what) {
        Objects.requireNonNull(map, what);
        TreeMap<String, String> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(
                Objects.requireNonNull(k, what + " key"), Objects.requireNonNull(v, what + " value")));
        return Collections.unmodifiableSortedMap(copy);
    }

    /** Mutable builder for {@link ContainerSpec}; not thread-safe. */
    public static final class Builder {
        private final String image;
        private String name;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private String cpusetCpus;
        private String network;
        private final Map<String, String> addHosts = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();

        private Builder(String image) {
            this.image = image;
        }

        /** @param value container name @return this */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** @param key label key @param value label value @return this */
        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        /** @param values labels to add @return this */
        public Builder labels(Map<String, String> values) {
            labels.putAll(values);
            return this;
        }

        /** @param value {@code --cpuset-cpus} value, e.g. {@code 0} or {@code 0-1} @return this */
        public Builder cpusetCpus(String value) {
            this.cpusetCpus = value;
            return this;
        }

        /** @param value {@code --network} value, e.g. {@code host} @return this */
        public Builder network(String value) {
            this.network = value;
            return this;
        }

        /** @param host host name @param address IP address or {@code host-gateway} @return this */
        public Builder addHost(String host, String address) {
            addHosts.put(host, address);
            return this;
        }

        /** @param variable name @param value value (kept out of process arguments) @return this */
        public Builder env(String variable, String value) {
            env.put(variable, value);
            return this;
        }

        /** @param values environment entries to add @return this */
        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        /** @param values arguments appended after the image @return this */
        public Builder args(List<String> values) {
            args.addAll(values);
            return this;
        }

        /** @param values arguments appended after the image @return this */
        public Builder args(String... values) {
            return args(List.of(values));
        }

        /** @return the validated spec */
        public ContainerSpec build() {
            return new ContainerSpec(image, name, labels, cpusetCpus, network, addHosts, env, args);
        }
    }
}
