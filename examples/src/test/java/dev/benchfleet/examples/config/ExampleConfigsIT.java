package dev.benchfleet.examples.config;

import dev.benchfleet.core.config.RunConfig;
import dev.benchfleet.core.config.RunConfigLoader;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.examples.e2e.LocalRuns;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every example config the README points to loads with the providers of this build. */
class ExampleConfigsIT {

    static Stream<Path> examples() throws IOException {
        return Files.list(LocalRuns.examplesDir().resolve("config")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void loads(Path file) {
        RunConfigLoader loader = new RunConfigLoader(ProviderRegistry.discover(getClass().getClassLoader()).names());
        RunConfig config = loader.load(file);
        assertThat(config.totalTasks()).isPositive();
        if (file.getFileName().toString().equals("local-ruby-bench.json")) {
            assertThat(config.flags().mock()).isFalse();
            assertThat(config.benchmark().names()).containsExactly("fib", "nbody");
            assertThat(config.benchmark().refIfSet()).hasValue("09b76c8");
        }
    }
}
