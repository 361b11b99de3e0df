package dev.benchfleet.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.core.spi.SpiVersion;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The out-of-tree provider (examples/third-party, built by this module's invoker run against the installed
 * artifacts) dropped into {@code providers/} next to a copy of runner.jar, used as a user would.
 */
class ThirdPartyProviderIT {

    @TempDir
    Path dir;

    private Path app;
    private Path providers;
    private Path work;
    private Path thirdPartyJar;

    @BeforeEach
    void installTheRunnerWithTheProvider() throws IOException {
        thirdPartyJar = builtThirdPartyJar();
        app = Files.createDirectories(dir.resolve("app"));
        Files.copy(LocalRuns.examplesDir().resolve("runner.jar"), app.resolve("runner.jar"));
        Files.copy(LocalRuns.taskRunnerJar(), app.resolve("task-runner.jar"));
        providers = Files.createDirectories(app.resolve("providers"));
        Files.copy(thirdPartyJar, providers.resolve(thirdPartyJar.getFileName()));
        work = Files.createDirectories(dir.resolve("work"));
        Files.createDirectories(dir.resolve("home"));
    }

    @Test
    void theProviderNextToRunnerJarIsListedWithItsJarAndCompletesAMockRun() throws Exception {
        Path jar = providers.resolve(thirdPartyJar.getFileName());

        Result listing = run(Map.of(), "providers");
        Result json = run(Map.of(), "providers", "--json");
        Result mockRun = run(Map.of("BENCHFLEET_MOCK_DURATION", "300ms", "PREFIXED_COMMAND", "nice -n 5"),
                "-c", LocalRuns.examplesDir().resolve("third-party/config/prefixed.json").toString());

        assertThat(listing.exitCode).as(listing.stderr).isZero();
        assertThat(listing.stdout).contains("prefixed (post_run)", "from:       " + jar, "version:    1.0.0, built against SPI " + SpiVersion.CURRENT,
                "plan:       task runners as processes under `nice -n 10`");
        assertThat(json.exitCode).isZero();
        JsonNode prefixed = provider(LocalRuns.JSON.readTree(json.stdout), "prefixed");
        assertThat(prefixed.path("origin").asText()).isEqualTo(jar.toString());
        assertThat(prefixed.path("version").asText()).isEqualTo("1.0.0");
        assertThat(prefixed.path("spi_version").asText()).isEqualTo(SpiVersion.CURRENT);
        assertThat(prefixed.path("validate").path("ok").asBoolean()).isTrue();

        assertThat(mockRun.exitCode).as(mockRun.stderr).isZero();
        JsonNode summary = LocalRuns.JSON.readTree(mockRun.lastStdoutLine());
        assertThat(summary.path("status").asText()).isEqualTo("completed");
        assertThat(summary.path("tasks").path("completed").asInt()).isEqualTo(4);
        String runId = summary.path("run_id").asText();
        assertThat(LocalRuns.taskFolders(work.resolve("results").resolve(runId))).hasSize(4);
        assertThat(mockRun.stderr).contains("[prefixed] started 2 task runner(s) under `nice -n 5`")
                .contains("with commons-compress 1.26.2");
        // Two copies of one library at once: the provider packed its logs with its own 1.26.2, the runner
        // unpacked the results with its own, newer copy.
        assertThat(bundledVersion(app.resolve("runner.jar"))).isEqualTo("1.28.0");
        assertThat(bundledVersion(jar)).isEqualTo("1.26.2");
        assertThat(tarEntries(work.resolve(".benchfleet/runs").resolve(runId).resolve("prefixed/runner-logs.tar.gz")))
                .containsExactly("runners/niced-0.log", "runners/niced-1.log");
    }

    @Test
    void aJarWithoutAProviderGivesOneWarningNamingItAndChangesNothingElse() throws Exception {
        Result before = run(Map.of(), "providers", "--json");
        Path library = zip(providers.resolve("some-library-2.0.jar"), "com/example/Library.class");
        Files.writeString(providers.resolve("README.txt"), "provider jars go here");

        Result after = run(Map.of(), "providers", "--json");

        assertThat(after.exitCode).isZero();
        assertThat(after.stderr.lines()).containsExactly("warning: skipped " + library
                + ": no task runner provider in it (no META-INF/services/dev.benchfleet.core.spi.TaskRunnerProvider)");
        assertThat(LocalRuns.JSON.readTree(after.stdout).path("providers"))
                .isEqualTo(LocalRuns.JSON.readTree(before.stdout).path("providers"));
    }

    @Test
    void aCorruptJarGivesOneWarningNamingItAndARunThatNeedsItStopsSayingSo() throws Exception {
        Path corrupt = Files.writeString(providers.resolve("hetzner-provider.jar"), "PK\u0003\u0004 half downloaded");
        Path config = Files.writeString(dir.resolve("hetzner.json"), """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 1, "local_orchestrator": true,
                 "hetzner": [{"instance_type": "cx22", "alias": "small"}]}
                """);

        Result listing = run(Map.of(), "providers");
        Result mockRun = run(Map.of(), "-c", config.toString());

        assertThat(listing.exitCode).isZero();
        assertThat(listing.stderr.lines()).singleElement().asString()
                .startsWith("warning: skipped " + corrupt + ": not a readable jar");
        assertThat(listing.stdout).contains("prefixed (post_run)");
        assertThat(mockRun.exitCode).isEqualTo(1);
        assertThat(mockRun.stderr).startsWith("warning: skipped " + corrupt + ": not a readable jar")
                .contains("hetzner: unknown key 'hetzner'")
                .contains("note: 1 provider jar(s) were skipped (the warnings above)");
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files).as("nothing was created").isEmpty();
        }
    }

    @Test
    void twoJarsWithOneProviderNameStopARunBeforeAnythingStartsNamingBoth() throws Exception {
        Path first = providers.resolve(thirdPartyJar.getFileName());
        Path second = Files.copy(first, providers.resolve("prefixed-copy.jar"));

        Result mockRun = run(Map.of(), "-c", LocalRuns.examplesDir().resolve("third-party/config/prefixed.json").toString());
        Result listing = run(Map.of(), "providers");

        assertThat(mockRun.exitCode).isEqualTo(1);
        assertThat(mockRun.stderr).contains("error: loading providers has a problem:")
                .contains("provider 'prefixed': more than one provider has this name: " + first)
                .contains(" and " + second).doesNotContain("Exception").doesNotContain("==> Run");
        assertThat(mockRun.stdout).isEmpty();
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files).as("nothing was created").isEmpty();
        }
        assertThat(listing.exitCode).as("providers lists them, and fails like a run").isEqualTo(1);
        assertThat(listing.stderr).contains(first.toString()).contains(second.toString());
    }

    @Test
    void theEnvironmentVariableAndTheFlagAddFolders() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path moved = Files.move(providers.resolve(thirdPartyJar.getFileName()), elsewhere.resolve("prefixed.jar"));

        Result none = run(Map.of(), "providers", "--json");
        Result fromVariable = run(Map.of("BENCHFLEET_PROVIDER_PATH", elsewhere.toString()), "providers", "--json");
        Result fromFlag = run(Map.of(), "providers", "--json", "--provider-path", elsewhere.toString());
        Result missing = run(Map.of(), "providers", "--provider-path", dir.resolve("typo").toString());

        assertThat(names(none)).containsExactly("aws", "azure", "byo", "local");
        assertThat(provider(LocalRuns.JSON.readTree(fromVariable.stdout), "prefixed").path("origin").asText()).isEqualTo(moved.toString());
        assertThat(provider(LocalRuns.JSON.readTree(fromFlag.stdout), "prefixed").path("origin").asText()).isEqualTo(moved.toString());
        assertThat(missing.stderr.strip()).isEqualTo("warning: provider folder " + dir.resolve("typo") + " (--provider-path) does not exist");
    }

    /** The jar the invoker run built: examples/target/third-party/target/benchfleet-provider-prefixed-*.jar. */
    private static Path builtThirdPartyJar() throws IOException {
        Path target = Path.of(System.getProperty("benchfleet.thirdPartyBuild",
                LocalRuns.examplesDir().resolve("target/third-party").toString())).resolve("target");
        try (Stream<Path> jars = Files.list(target)) {
            return jars.filter(jar -> jar.getFileName().toString().matches("benchfleet-provider-prefixed-[0-9.]+\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no out-of-tree provider jar in " + target
                            + ": the maven-invoker-plugin run of examples/third-party builds it (./mvnw verify)"));
        }
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + dir.resolve("home"), "-jar", app.resolve("runner.jar").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> environment = new HashMap<>(env);
        environment.putIfAbsent("BENCHFLEET_LOCAL_RUNTIME", "process");
        builder.environment().remove("BENCHFLEET_PROVIDER_PATH");
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                throw new AssertionError("runner.jar did not finish within 3 minutes: " + String.join(" ", args));
            }
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static JsonNode provider(JsonNode listing, String name) {
        for (JsonNode provider : listing.path("providers")) {
            if (provider.path("name").asText().equals(name)) {
                return provider;
            }
        }
        throw new AssertionError("no provider " + name + " in " + listing);
    }

    private static List<String> names(Result result) throws IOException {
        List<String> names = new ArrayList<>();
        LocalRuns.JSON.readTree(result.stdout).path("providers").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    /** The commons-compress version a jar carries (its Maven metadata). */
    private static String bundledVersion(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile());
             InputStream in = file.getInputStream(file.getJarEntry("META-INF/maven/org.apache.commons/commons-compress/pom.properties"))) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }

    private static List<String> tarEntries(Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream file = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static Path zip(Path file, String entry) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new ZipEntry(entry));
            out.write("not a provider".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return file;
    }

    private record Result(int exitCode, String stdout, String stderr) {
        String lastStdoutLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1];
        }
    }
}
