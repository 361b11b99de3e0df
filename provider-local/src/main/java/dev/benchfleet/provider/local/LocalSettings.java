package dev.benchfleet.provider.local;

import dev.benchfleet.core.spi.Environment;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The local provider's knobs, read from the environment the embedding application hands over.
 *
 * @param runtime        {@code BENCHFLEET_LOCAL_RUNTIME}: {@code auto} (default), {@code docker} or {@code process}
 * @param taskRunnerJar  {@code BENCHFLEET_TASK_RUNNER_JAR}: the runnable task runner jar
 * @param javaBinary     {@code BENCHFLEET_JAVA}: the {@code java} that runs it as a process (default: this JVM's)
 * @param dockerBinary   {@code BENCHFLEET_DOCKER}: the {@code docker} CLI (default: {@code docker} on the PATH)
 * @param baseImage      {@code BENCHFLEET_DOCKER_BASE_IMAGE}: the task runner image's base (default {@code ruby:<version>})
 * @param passThrough    {@code BENCHFLEET_*} variables for the task runners (mock duration, retry window...)
 * @param dockerEnv      what the {@code docker} CLI needs ({@code DOCKER_HOST}, {@code PATH}, {@code HOME}...)
 */
record LocalSettings(RuntimeKind runtime, Optional<Path> taskRunnerJar, Path javaBinary, String dockerBinary,
                     Optional<String> baseImage, Map<String, String> passThrough, Map<String, String> dockerEnv) {

    static final String RUNTIME = "BENCHFLEET_LOCAL_RUNTIME";
    static final String TASK_RUNNER_JAR = "BENCHFLEET_TASK_RUNNER_JAR";
    static final String JAVA = "BENCHFLEET_JAVA";
    static final String DOCKER = "BENCHFLEET_DOCKER";
    static final String BASE_IMAGE = "BENCHFLEET_DOCKER_BASE_IMAGE";

    /** Which way task runners run on this machine. */
    enum RuntimeKind { AUTO, DOCKER, PROCESS }

    /**
     * Reads the settings.
     *
     * @param defaultJava the java binary to use when {@code BENCHFLEET_JAVA} is not set
     * @throws IllegalArgumentException naming the variable when a value is unusable
     */
    static LocalSettings from(Environment env, Path defaultJava) {
        String runtimeName = env.get(RUNTIME).orElse("auto").trim().toUpperCase(Locale.ROOT);
        RuntimeKind runtime;
        try {
            runtime = RuntimeKind.valueOf(runtimeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be auto, docker or process, got '" + env.get(RUNTIME).orElse("") + "'");
        }
        Map<String, String> passThrough = new TreeMap<>();
        Map<String, String> dockerEnv = new TreeMap<>();
        env.asMap().forEach((name, value) -> {
            if (name.startsWith("BENCHFLEET_") && !name.equals(RUNTIME) && !name.equals(TASK_RUNNER_JAR)
                    && !name.equals(JAVA) && !name.equals(DOCKER) && !name.equals(BASE_IMAGE)) {
                passThrough.put(name, value);
            }
            if (name.startsWith("DOCKER_") || name.equals("PATH") || name.equals("HOME") || name.equals("XDG_RUNTIME_DIR")) {
                dockerEnv.put(name, value);
            }
        });
        return new LocalSettings(runtime, env.get(TASK_RUNNER_JAR).map(Path::of),
                env.get(JAVA).map(Path::of).orElse(defaultJava), env.get(DOCKER).orElse("docker"),
                env.get(BASE_IMAGE), passThrough, dockerEnv);
    }
}
