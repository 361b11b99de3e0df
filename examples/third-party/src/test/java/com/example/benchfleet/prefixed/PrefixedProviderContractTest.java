package com.example.benchfleet.prefixed;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.testkit.TaskRunnerProviderContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The provider guide's rules, from the published test kit. */
class PrefixedProviderContractTest extends TaskRunnerProviderContract {

    private static final Path TASK_RUNNER_JAR;
    /** A "java" that stays up like a task runner, so that the kit's setup and teardown checks have runners to find. */
    private static final Path JAVA;

    static {
        try {
            TASK_RUNNER_JAR = Files.createTempFile("task-runner", ".jar");
            TASK_RUNNER_JAR.toFile().deleteOnExit();
            JAVA = Files.writeString(Files.createTempFile("fake-java", ".sh"), "#!/bin/sh\nexec sleep 30\n");
            JAVA.toFile().setExecutable(true);
            JAVA.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected TaskRunnerProvider provider() {
        return new PrefixedProvider();
    }

    @Override
    protected String sampleConfig() {
        return """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 3,
                 "prefixed": [{"instance_type": "niced", "alias": "niced"},
                              {"instance_type": "pinned", "alias": "pinned", "vcpus": 2}]}
                """;
    }

    @Override
    protected Environment validEnvironment() {
        return environment(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                PrefixedProvider.TASK_RUNNER_JAR, TASK_RUNNER_JAR.toString(), PrefixedProvider.JAVA, JAVA.toString()));
    }
}
