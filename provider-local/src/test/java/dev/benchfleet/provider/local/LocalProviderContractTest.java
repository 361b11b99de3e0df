package dev.benchfleet.provider.local;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.testkit.TaskRunnerProviderContract;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The local provider keeps the guide's contract. */
class LocalProviderContractTest extends TaskRunnerProviderContract {

    private final Path jar;
    /** A "java" that stays up like a task runner, so the kit's teardown checks have something to find. */
    private final Path java;
    /** Holds stand-in ruby and git: the real benchmark on the process runtime needs both on the PATH. */
    private final Path bin;

    LocalProviderContractTest() {
        try {
            jar = Files.createTempFile("task-runner", ".jar");
            jar.toFile().deleteOnExit();
            java = Files.writeString(Files.createTempFile("fake-java", ".sh"), "#!/bin/sh\nexec sleep 30\n");
            java.toFile().setExecutable(true);
            java.toFile().deleteOnExit();
            bin = Files.createTempDirectory("contract-bin");
            bin.toFile().deleteOnExit();
            for (String tool : new String[] {"ruby", "git"}) {
                Path file = Files.writeString(bin.resolve(tool), "#!/bin/sh\n");
                file.toFile().setExecutable(true);
                file.toFile().deleteOnExit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected TaskRunnerProvider provider() {
        return new LocalProvider(4, java);
    }

    @Override
    protected String sampleConfig() {
        return """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 3,
                 "local": [{"instance_type": "docker", "alias": "here"}, {"instance_type": "docker", "alias": "there"}]}
                """;
    }

    @Override
    protected Environment validEnvironment() {
        return Environment.of(Map.of(LocalSettings.TASK_RUNNER_JAR, jar.toString(), LocalSettings.RUNTIME, "process",
                "PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
    }
}
