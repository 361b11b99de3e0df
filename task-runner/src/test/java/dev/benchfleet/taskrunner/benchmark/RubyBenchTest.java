package dev.benchfleet.taskrunner.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RubyBenchTest {

    @Test
    void parsesRunningBenchmarkLines() {
        assertThat(RubyBenchProgress.parse("Running benchmark \"railsbench\" (3/7)"))
                .contains(new RubyBenchProgress.Step("railsbench", 3, 7));
        assertThat(RubyBenchProgress.parse("Total time spent benchmarking: 120s")).isEmpty();
        assertThat(RubyBenchProgress.parse("Running benchmark \"x\" (9/7)")).isEmpty();
        assertThat(RubyBenchProgress.parse("Running benchmark \"x\" (0/7)")).isEmpty();
    }

    @Test
    void findsEveryStepInARecordedOutput() throws IOException {
        String sample;
        try (InputStream in = getClass().getResourceAsStream("/ruby-bench-sample-output.txt")) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<RubyBenchProgress.Step> steps = sample.lines().map(RubyBenchProgress::parse)
                .flatMap(Optional::stream).collect(Collectors.toList());
        assertThat(steps).extracting(RubyBenchProgress.Step::name)
                .containsExactly("activerecord", "chunky-png", "erubi-rails", "hexapdf", "liquid-c", "liquid-compile",
                        "liquid-render", "lobsters", "mail", "psych-load", "railsbench", "rubocop", "ruby-lsp",
                        "sequel");
        assertThat(steps).allSatisfy(step -> assertThat(step.total()).isEqualTo(14));
    }

    @Test
    void buildsTheCloneAndRunCommands() {
        RubyBenchCommands commands = new RubyBenchCommands(URI.create("https://github.com/ruby/ruby-bench"));
        assertThat(commands.clone(Path.of("/w/ruby-bench")))
                .containsExactly("git", "clone", "--depth", "1", "https://github.com/ruby/ruby-bench", "/w/ruby-bench");
        assertThat(commands.runBenchmarks(Path.of("/w")))
                .containsExactly("ruby", "run_benchmarks.rb", "--headline", "-e", "ruby::ruby", "--no-pinning",
                        "--turbo", "--out_path=/w", "--out-name=/w/output");
    }
}
