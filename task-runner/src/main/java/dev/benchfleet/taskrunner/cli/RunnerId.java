package dev.benchfleet.taskrunner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Builds the id a runner process uses in every claim: host, process id and start time. */
public final class RunnerId {

    private RunnerId() {
    }

    /** For example {@code ip-10-0-1-7-4312-1732891234567}. */
    public static String generate(Map<String, String> env) {
        return sanitize(hostName(env)) + "-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis();
    }

    // Not InetAddress.getLocalHost(): it can block on DNS in containers with odd resolver settings.
    private static String hostName(Map<String, String> env) {
        String fromEnv = env.get("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            Path etcHostname = Path.of("/etc/hostname");
            if (Files.isReadable(etcHostname)) {
                String name = Files.readString(etcHostname).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the placeholder: the pid and time still make the id unique enough
        }
        return "host";
    }

    private static String sanitize(String host) {
        String cleaned = host.trim().replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.isEmpty() ? "host" : cleaned;
    }
}
