package com.example.benchfleet.prefixed;

import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.TaskRunnerCount;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.ValidationContext;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrefixedProviderTest {

    @Test
    void thePrefixSplitsLikeAShellLineAndFillsInPlaceholders() {
        assertThat(Prefix.parse("taskset -c ${cpu} env 'RUNNER=${alias} #${index}'").expand("desk", 1, 3))
                .containsExactly("taskset", "-c", "3", "env", "RUNNER=desk #1");
        assertThatThrownBy(() -> Prefix.parse("nice -n ${niceness}").expand("desk", 0, 0))
                .hasMessageContaining("niceness").hasMessageContaining("${alias}, ${index}, ${cpu}");
        assertThatThrownBy(() -> Prefix.parse("   ")).hasMessageContaining("names no command");
    }

    @Test
    void validationSaysWhatIsMissing() {
        List<Problem> problems = new PrefixedProvider().validate(context(Map.of(
                "PATH", "/nowhere", PrefixedProvider.PREFIX, "frobnicate -x")));

        assertThat(problems).extracting(Problem::toString).containsExactly(
                "env PREFIXED_COMMAND: 'frobnicate' is not on the PATH",
                "env BENCHFLEET_TASK_RUNNER_JAR: is not set: point it at the task runner jar");
    }

    @Test
    void runnerLogsArePackedWithThisProvidersOwnCommonsCompress(@TempDir Path dir) throws IOException {
        Path logs = Files.createDirectories(dir.resolve("runners"));
        Files.writeString(logs.resolve("desk-0.log"), "claimed task 1\n");
        Files.writeString(logs.resolve("desk-1.log"), "claimed task 2\n");

        int packed = RunnerLogs.pack(logs, dir.resolve("logs.tar.gz"));

        assertThat(packed).isEqualTo(2);
        assertThat(entries(dir.resolve("logs.tar.gz"))).containsExactly("runners/desk-0.log", "runners/desk-1.log");
        assertThat(RunnerLogs.library()).isEqualTo("commons-compress 1.26.2");
    }

    private static ValidationContext context(Map<String, String> env) {
        return ValidationContext.of(new ProviderConfig("prefixed", List.of(), 1, TaskRunnerCount.unset()),
                RunFlags.defaults(), Environment.of(env));
    }

    private static List<String> entries(Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream file = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
