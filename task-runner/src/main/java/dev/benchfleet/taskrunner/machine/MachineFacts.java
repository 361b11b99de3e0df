package dev.benchfleet.taskrunner.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the report needs to know about the machine a task ran on: CPU model, vCPUs, threads per
 * core (SMT), kernel and architecture. Read from {@code /proc} and {@code /sys} on Linux; what
 * cannot be read is left out rather than guessed.
 */
public final class MachineFacts {

    private final Path root;

    /** @param root the file system root ({@code /}; a folder in tests) */
    public MachineFacts(Path root) {
        this.root = root;
    }

    /** Field name to value, in metadata.json order. */
    public Map<String, Object> collect() {
        Map<String, Object> facts = new LinkedHashMap<>();
        cpuModel().ifPresent(model -> facts.put("cpu_model", model));
        facts.put("vcpus", Runtime.getRuntime().availableProcessors());
        threadsPerCore().ifPresent(threads -> facts.put("threads_per_core", threads));
        facts.put("kernel", read("proc/sys/kernel/osrelease").map(String::strip)
                .orElse(System.getProperty("os.name") + " " + System.getProperty("os.version")));
        facts.put("arch", System.getProperty("os.arch"));
        return facts;
    }

    Optional<String> cpuModel() {
        Optional<String> info = read("proc/cpuinfo");
        if (info.isEmpty()) {
            return Optional.empty();
        }
        // x86: "model name"; ARM: no model name, but "CPU implementer"/"CPU part" (kept as they are)
        for (String key : List.of("model name", "Model", "Hardware", "cpu model", "CPU part")) {
            for (String line : info.get().split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                    String value = line.substring(colon + 1).strip();
                    if (!value.isEmpty()) {
                        return Optional.of(key.equals("CPU part") ? "ARM CPU part " + value : value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Siblings of CPU 0 that share its core: {@code 0,4} or {@code 0-1} mean 2. */
    Optional<Integer> threadsPerCore() {
        return read("sys/devices/system/cpu/cpu0/topology/thread_siblings_list").map(String::strip).map(list -> {
            int count = 0;
            for (String part : list.split(",")) {
                String[] range = part.split("-");
                count += range.length == 2 ? Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1 : 1;
            }
            return count;
        });
    }

    /** The {@code cpu} line of {@code /proc/stat}, for steal time: empty where there is none. */
    public Optional<CpuTimes> cpuTimes() {
        return read("proc/stat").flatMap(CpuTimes::parse);
    }

    private Optional<String> read(String relative) {
        try {
            return Optional.of(Files.readString(root.resolve(relative)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
