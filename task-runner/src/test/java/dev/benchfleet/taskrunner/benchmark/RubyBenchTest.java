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
import dev.benchfleet.taskrunner.protocol.BenchmarkSettings;
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

    @Test
    void settingsChooseTheRepositoryRefBenchmarksAndYjit() {
        RubyBenchCommands commands = new RubyBenchCommands(URI.create("https://github.com/ruby/ruby-bench"));
        BenchmarkSettings pinned = new BenchmarkSettings(List.of("fib", "nbody"), null, true, "file:///srv/rb", "09b76c8",
                java.util.Map.of(), null);
        assertThat(commands.clone(Path.of("/w/rb"), pinned))
                .containsExactly("git", "clone", "--no-checkout", "file:///srv/rb", "/w/rb");
        assertThat(commands.checkout(Path.of("/w/rb"), "09b76c8"))
                .containsExactly("git", "-C", "/w/rb", "checkout", "--quiet", "--detach", "09b76c8");
        assertThat(commands.rubyVersion(pinned)).containsExactly("ruby", "--yjit", "-v");
        assertThat(commands.runBenchmarks(Path.of("/w"), pinned))
                .containsExactly("ruby", "run_benchmarks.rb", "-e", "yjit::ruby --yjit", "--no-pinning", "--turbo",
                        "--out_path=/w", "--out-name=/w/output", "fib", "nbody");

        BenchmarkSettings tag = new BenchmarkSettings(List.of(), "micro,other", false, null, "v1.2", java.util.Map.of(), null);
        assertThat(commands.clone(Path.of("/w/rb"), tag)).containsExactly("git", "clone", "--depth", "1", "--branch",
                "v1.2", "https://github.com/ruby/ruby-bench", "/w/rb");
        assertThat(commands.runBenchmarks(Path.of("/w"), tag)).startsWith("ruby", "run_benchmarks.rb",
                "--category=micro,other", "-e", "ruby::ruby");
        assertThat(RubyBenchBenchmark.withoutUserInfo("https://user:token@example.com/rb.git"))
                .isEqualTo("https://example.com/rb.git");
    }

    @Test
    void settingsFromTheClaimAnswerAreCheckedAgain() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Set<String> hidden = java.util.Set.of("API_KEY");
        assertThat(BenchmarkSettings.fromJson(null, hidden)).isEqualTo(BenchmarkSettings.defaults());
        BenchmarkSettings ok = BenchmarkSettings.fromJson(json.readTree(
                "{\"names\":[\"fib\"],\"yjit\":true,\"env\":{\"WARMUP_ITRS\":\"0\"},\"future\":1}"), hidden);
        assertThat(ok.problemIfAny()).isEmpty();
        assertThat(ok.selection()).isEqualTo("fib");
        assertThat(ok.variant()).isEqualTo("yjit");
        assertThat(ok.toString()).doesNotContain("\"0\"");
        assertThat(BenchmarkSettings.fromJson(json.readTree("{\"names\":[\"--out_path=/etc\"]}"), hidden).problem())
                .contains("not a benchmark name");
        assertThat(BenchmarkSettings.fromJson(json.readTree("{\"ref\":\"--upload-pack=x\"}"), hidden).problem())
                .contains("benchmark.ref");
        assertThat(BenchmarkSettings.fromJson(json.readTree("{\"env\":{\"API_KEY\":\"x\"}}"), hidden).problem())
                .contains("cannot be set");
    }
}
