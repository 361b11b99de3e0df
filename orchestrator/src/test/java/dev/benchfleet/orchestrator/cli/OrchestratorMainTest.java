package dev.benchfleet.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.benchfleet.orchestrator.Orchestrator;
import dev.benchfleet.orchestrator.OrchestratorOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchestratorMainTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Orchestrator> started = new ArrayList<>();

    private int run(Map<String, String> env, String... args) {
        return OrchestratorMain.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true), started::add);
    }

    @Test
    void badFlagsGiveAClearMessageAndExitCode2() {
        assertThat(run(Map.of("API_KEY", SECRET), "--data-dir", dir.toString(), "--port", "http")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--port': 'http' is not an int")
                .doesNotContain("Exception");
        assertThat(run(Map.of("API_KEY", SECRET), "--data-dir", dir.toString(), "--frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--frobnicate'");
        assertThat(run(Map.of("API_KEY", SECRET))).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--data-dir=DIR'");
        assertThat(run(Map.of("API_KEY", SECRET), "--data-dir", dir.toString(), "--heartbeat-timeout", "soon"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
        assertThat(started).isEmpty();
    }

    @Test
    void aKeyIsRequired() {
        assertThat(run(Map.of(), "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no API key: set API_KEY, pass --api-key-file or --api-key");
    }

    @Test
    void startsWithEnvironmentKeyAndPrintsItsUrl() throws Exception {
        int code = run(Map.of("API_KEY", SECRET), "--data-dir", dir.toString(), "--port", "0",
                "--heartbeat-timeout", "2m", "--retry-after", "3");
        try {
            assertThat(code).isZero();
            assertThat(started).hasSize(1);
            Orchestrator o = started.get(0);
            assertThat(out.toString()).contains("Orchestrator listening on " + o.url());
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(o.url().resolve("/runs"))
                    .header("Authorization", "Bearer " + SECRET).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(out.toString() + err).doesNotContain(SECRET);
        } finally {
            started.forEach(Orchestrator::close);
        }
    }

    @Test
    void aBusyPortIsReportedWithoutAStackTrace() {
        try (Orchestrator busy = Orchestrator.start(OrchestratorOptions.builder().apiKey(SECRET)
                .dataDir(dir.resolve("a")).build())) {
            int code = run(Map.of(), "--api-key", SECRET, "--port", String.valueOf(busy.port()),
                    "--data-dir", dir.resolve("b").toString());
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("Cannot start the orchestrator").doesNotContain("\tat ");
        }
    }

    @Test
    void anApiKeyFileMustBeTheOwnersAlone() throws Exception {
        java.nio.file.Path keyFile = dir.resolve("api.key");
        java.nio.file.Files.writeString(keyFile, SECRET + "\n");
        java.nio.file.Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(run(Map.of(), "--data-dir", dir.resolve("d").toString(), "--api-key-file", keyFile.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--api-key-file " + keyFile + " is readable or writable by others")
                .contains("chmod 600").doesNotContain(SECRET).doesNotContain("\tat ");
        assertThat(started).isEmpty();

        java.nio.file.Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int code = run(Map.of(), "--data-dir", dir.resolve("d").toString(), "--port", "0", "--api-key-file",
                keyFile.toString());
        try {
            assertThat(code).isZero();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(started.get(0).url()
                    .resolve("/runs")).header("Authorization", "Bearer " + SECRET).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("the key from the file is the one checked").isEqualTo(400);
        } finally {
            started.forEach(Orchestrator::close);
        }
        assertThat(run(Map.of(), "--data-dir", dir.resolve("d").toString(), "--api-key-file", keyFile.toString(),
                "--api-key", SECRET)).isEqualTo(2);
        assertThat(err.toString()).contains("not both");
        assertThat(run(Map.of(), "--data-dir", dir.resolve("d").toString(), "--api-key-file", keyFile.toString(),
                "--tls-cert", keyFile.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
    }

    @Test
    void durationFlagsUseTheProtocolsGrammarAndNameWhatIsAccepted() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> c.convert("soon")).isInstanceOf(picocli.CommandLine.TypeConversionException.class)
                .hasMessageContaining("300ms");
    }

    @Test
    void optionsNeverShowSecrets() {
        OrchestratorOptions o = OrchestratorOptions.builder().apiKey(SECRET).dataDir(dir)
                .jdbcUrl("jdbc:postgresql://db/bench?user=u&password=hunter2").publicUrl(URI.create("http://x:1")).build();
        assertThat(o.toString()).doesNotContain(SECRET).doesNotContain("hunter2").contains("password=***");
        assertThat(o.monitorInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(OrchestratorOptions.builder().apiKey(SECRET).dataDir(dir).heartbeatTimeout(Duration.ofSeconds(1))
                .build().monitorInterval()).isEqualTo(Duration.ofMillis(250));
    }
}
