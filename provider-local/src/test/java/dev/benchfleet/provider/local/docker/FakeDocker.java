package dev.benchfleet.provider.local.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A copy of fake-docker.sh in a temp dir, plus readers for what it recorded. */
final class FakeDocker {

    final Path dir;
    final Path binary;
    final List<List<String>> observed = new CopyOnWriteArrayList<>();

    FakeDocker(Path dir) throws IOException {
        this.dir = dir;
        this.binary = dir.resolve("docker");
        try (InputStream in = FakeDocker.class.getResourceAsStream("fake-docker.sh")) {
            if (in == null) {
                throw new IllegalStateException("fake-docker.sh missing from test resources");
            }
            Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
        }
        // Resources are copied without the executable bit, so it is set here.
        if (!binary.toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + binary + " executable");
        }
    }

    DockerCli cli(String mode, Duration timeout, String... echoEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("FAKE_DOCKER_DIR", dir.toString());
        env.put("FAKE_DOCKER_MODE", mode);
        env.put("FAKE_DOCKER_ECHO_ENV", String.join(" ", echoEnv));
        return new DockerCli(binary, env, new DockerTimeouts(timeout, timeout, Duration.ofMillis(500)),
                observed::add);
    }

    List<String> args(int call) {
        return lines(dir.resolve("call-" + call + ".args"));
    }

    List<String> env(int call) {
        return lines(dir.resolve("call-" + call + ".env"));
    }

    int calls() {
        int n = 0;
        while (Files.exists(dir.resolve("call-" + (n + 1) + ".args"))) {
            n++;
        }
        return n;
    }

    long pid(String file) throws IOException, InterruptedException {
        Path p = dir.resolve(file);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Files.exists(p) || Files.readString(p).isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(p + " never written");
            }
            Thread.sleep(10);
        }
        return Long.parseLong(Files.readString(p).strip());
    }

    private static List<String> lines(Path p) {
        try {
            return new ArrayList<>(Files.readAllLines(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
