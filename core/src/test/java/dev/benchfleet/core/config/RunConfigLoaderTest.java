package dev.benchfleet.core.config;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RunConfigLoaderTest {

    private static final List<String> PROVIDERS = List.of("aws", "azure", "local", "acme");
    private final RunConfigLoader loader = new RunConfigLoader(PROVIDERS);

    static Stream<Arguments> malformedConfigs() throws IOException, URISyntaxException {
        Path folder = resource("config/invalid");
        return Files.readAllLines(folder.resolve("expected.tsv")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t", 2))
                .map(parts -> Arguments.of(parts[0], folder.resolve(parts[0]), parts[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedConfigs")
    void everyMalformedConfigGetsItsOwnMessageAndPath(String name, Path file, String expected) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(error).as("%s must be rejected", name).isNotNull();
        assertThat(error.problems()).extracting(Problem::toString)
                .contains(expected.replace("{file}", file.toString()));
        assertThat(error.getMessage()).contains(expected.replace("{file}", file.toString()));
    }

    @Test
    void theMalformedCorpusIsLargeAndEveryFileIsListed() throws Exception {
        Path folder = resource("config/invalid");
        try (Stream<Path> files = Files.list(folder)) {
            List<String> jsonFiles = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).toList();
            List<String> listed = malformedConfigs().map(a -> (String) a.get()[0]).toList();
            assertThat(jsonFiles).hasSizeGreaterThanOrEqualTo(30).containsExactlyInAnyOrderElementsOf(listed);
        }
    }

    static Stream<Path> validConfigs() throws Exception {
        return Files.list(resource("config/valid")).sorted();
    }

    @ParameterizedTest
    @MethodSource("validConfigs")
    void configsModelledOnTheOriginalToolLoad(Path file) {
        RunConfig config = loader.load(file);
        assertThat(config.providers()).isNotEmpty();
        assertThat(config.runsPerInstanceType()).isPositive();
    }

    @Test
    void benchmarkSettingsAreReadAndSentToTheOrchestrator() throws Exception {
        RunConfig config = loader.load(resource("config/valid/benchmark-settings.json"));
        BenchmarkSettings b = config.benchmark();
        assertThat(b.names()).containsExactly("fib", "nbody");
        assertThat(b.yjit()).isTrue();
        assertThat(b.repoIfSet()).hasValue("file:///tmp/ruby-bench");
        assertThat(b.refIfSet()).hasValue("09b76c8");
        assertThat(b.env()).containsEntry("WARMUP_ITRS", "0");
        assertThat(b.toString()).doesNotContain("\"0\"").contains("WARMUP_ITRS");
        assertThat(RunConfigJson.createRunBody(config, "1").get("benchmark").toString())
                .isEqualTo("{\"names\":[\"fib\",\"nbody\"],\"yjit\":true,\"repo\":\"file:///tmp/ruby-bench\","
                        + "\"ref\":\"09b76c8\",\"env\":{\"WARMUP_ITRS\":\"0\"}}");
        assertThat(loader.load(resource("config/valid/original-example.json")).benchmark())
                .isEqualTo(BenchmarkSettings.defaults());
    }

    @Test
    void theSpecExampleLoadsIntoTheExpectedValues() throws Exception {
        RunConfig config = loader.load(resource("config/valid/original-example.json"));

        assertThat(config.rubyVersion()).isEqualTo("3.4.7");
        assertThat(config.runsPerInstanceType()).isEqualTo(3);
        assertThat(config.providerNames()).containsExactly("aws", "azure", "local");
        assertThat(config.providers().get("aws")).containsExactly(
                InstanceEntry.of("c7g.medium", "c7g"), InstanceEntry.of("c7i.large", "c7i"));
        assertThat(config.taskRunnerCount().capFor("azure")).hasValue(2);
        assertThat(config.flags()).isEqualTo(RunFlags.defaults());
        assertThat(config.apiKey()).isEmpty();
        assertThat(config.totalTasks()).isEqualTo(12);
    }

    @Test
    void perProviderCountsFlagsKeysAndVcpusAreRead() throws Exception {
        RunConfig config = loader.load(resource("config/valid/local-per-provider-count.json"));

        assertThat(config.taskRunnerCount().capFor("local")).hasValue(3);
        assertThat(config.taskRunnerCount().capFor("aws")).hasValue(2);
        assertThat(config.taskRunnerCount().capFor("azure")).isEqualTo(OptionalInt.empty());
        assertThat(config.flags().localOrchestrator()).isTrue();
        assertThat(config.apiKey()).hasValue(Secret.of("0123456789abcdef0123456789abcdef"));
        assertThat(config.providers().get("local").get(0).vcpus()).hasValue(4);
        assertThat(config.toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void thirdPartyProviderEntriesAndPlainStringEntriesLoad() throws Exception {
        RunConfig config = loader.load(resource("config/valid/third-party-and-strings.json"));

        assertThat(config.providers().get("acme")).containsExactly(
                InstanceEntry.of("acme.tiny", "acme.tiny"), InstanceEntry.withVcpus("acme.huge", "huge", 64));
        assertThat(config.flags().skipInfra()).isTrue();
    }

    @Test
    void everyProblemIsReportedAtOnceInFileOrder() {
        String json = """
                {"runs_per_instance_type": 0,
                 "aws": [{"instance_type": "", "alias": "a b"}, {"instance_type": "x", "alias": "a b"}],
                 "task_runners": {"count": {"aws": 0}},
                 "awz": []}
                """;
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> loader.parse(json, "run.json"));

        assertThat(error.problems()).extracting(Problem::toString).containsExactly(
                "runs_per_instance_type: must be ≥ 1",
                "aws[0].alias: may hold only letters, digits, '-', '_' and '.' (it names files and cloud resources)",
                "aws[0].instance_type: must not be blank",
                "aws[1].alias: may hold only letters, digits, '-', '_' and '.' (it names files and cloud resources)",
                "aws[1].alias: duplicate alias 'a b' (also aws[0].alias) — aliases must be unique within a provider",
                "task_runners.count.aws: must be ≥ 1",
                "awz: unknown key 'awz' — known providers: acme, aws, azure, local; did you mean 'aws'?",
                "ruby_version: is required");
        assertThat(error.getMessage()).startsWith("run.json has 8 problems:");
    }

    @Test
    void runsPerInstanceTypeAboveTheOrchestratorsLimitIsRefusedBeforeAnythingStarts() {
        String json = """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 10001,
                 "local": [{"instance_type": "docker", "alias": "me"}]}
                """;
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> loader.parse(json, "run.json"));
        assertThat(error.problems()).extracting(Problem::toString).containsExactly(
                "runs_per_instance_type: must be ≤ 10000 (the orchestrator refuses more tasks per instance type)");
        assertThat(loader.parse(json.replace("10001", "10000"), "run.json").runsPerInstanceType()).isEqualTo(10_000);
    }

    @Test
    void aMissingFileSaysSoAndHowToStart(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> loader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing + ": no such file")
                .satisfies(e -> assertThat(((ConfigException) e).fix()).hasValueSatisfying(
                        fix -> assertThat(fix).contains("examples/config/example.json")));
    }

    @Test
    void aFolderIsNotAConfig(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.load(dir)).hasMessageContaining("is a folder");
    }

    @Test
    void anApiKeyNeverShowsInErrors() {
        String json = """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 0, "api_key": "s3cr3t-value",
                 "local": [{"instance_type": "docker", "alias": "me"}]}
                """;
        assertThatThrownBy(() -> loader.parse(json, "run.json")).hasMessageNotContaining("s3cr3t-value");
    }

    @Test
    void aProviderNameIsOnlyAcceptedWhenTheRegistryKnowsIt() {
        String json = """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 1, "acme": ["acme.tiny"]}
                """;
        assertThat(loader.parse(json, "run.json").providerNames()).containsExactly("acme");
        assertThatThrownBy(() -> new RunConfigLoader(List.of("aws")).parse(json, "run.json"))
                .hasMessageContaining("acme: unknown key 'acme' — known providers: aws");
    }

    @Test
    void sliceHandsAProviderItsEntriesAndCap() {
        RunConfig config = loader.parse("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 2, "task_runners": {"count": {"local": 3}},
                 "local": [{"instance_type": "docker", "alias": "me"}], "aws": ["t3.micro"]}
                """, "run.json");

        ProviderConfig local = config.slice("local");
        assertThat(local.entries()).containsExactly(InstanceEntry.of("docker", "me"));
        assertThat(local.cap()).hasValue(3);
        assertThat(config.slice("aws").cap()).isEmpty();
        assertThat(local.runsPerInstanceType()).isEqualTo(2);
        assertThat(Map.copyOf(config.providers())).containsOnlyKeys("local", "aws");
    }

    static Path resource(String name) throws URISyntaxException {
        return Paths.get(RunConfigLoaderTest.class.getClassLoader().getResource(name).toURI());
    }
}
