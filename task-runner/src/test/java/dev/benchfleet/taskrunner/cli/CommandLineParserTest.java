package dev.benchfleet.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineParserTest {

    private static final String[] ALL = {
        "--orchestrator-url", "http://10.0.0.5:8080", "--api-key", "k-123", "--run-id", "173400000012345678",
        "--provider", "aws", "--instance-type", "c7g.large"
    };

    private static ParseOutcome parse(Map<String, String> env, String... args) {
        return new CommandLineParser(env, () -> "runner-1").parse(args);
    }

    @Test
    void readsTheGuidesArguments() {
        ParseOutcome outcome = parse(Map.of(), concat(ALL, "--mock", "--debug", "--no-exit"));
        assertThat(outcome).isInstanceOf(ParseOutcome.Run.class);
        Settings settings = ((ParseOutcome.Run) outcome).settings();
        assertThat(settings.orchestratorUrl()).isEqualTo(URI.create("http://10.0.0.5:8080"));
        assertThat(settings.apiKey().authorization()).isEqualTo("Bearer k-123");
        assertThat(settings.runId()).isEqualTo("173400000012345678");
        assertThat(settings.provider()).isEqualTo("aws");
        assertThat(settings.instanceType()).isEqualTo("c7g.large");
        assertThat(settings.mock()).isTrue();
        assertThat(settings.debug()).isTrue();
        assertThat(settings.noExit()).isTrue();
        assertThat(settings.runnerId()).isEqualTo("runner-1");
        assertThat(settings.tuning().retryWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.tuning().heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.tuning().mockDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.tuning().rubyBenchUrl()).isEqualTo(URI.create("https://github.com/ruby/ruby-bench"));
    }

    @Test
    void namesEveryMissingArgumentAtOnce() {
        ParseOutcome outcome = parse(Map.of(), "--mock");
        assertThat(outcome).isInstanceOf(ParseOutcome.Invalid.class);
        assertThat(((ParseOutcome.Invalid) outcome).message())
                .contains("--orchestrator-url", "--api-key", "API_KEY", "--run-id", "--provider", "--instance-type");
    }

    @Test
    void takesTheKeyFromTheEnvironmentWhenTheFlagIsAbsent() {
        ParseOutcome outcome = parse(Map.of("API_KEY", "from-env"),
                "--orchestrator-url", "http://o:1", "--run-id", "1", "--provider", "p", "--instance-type", "t");
        assertThat(((ParseOutcome.Run) outcome).settings().apiKey().authorization()).isEqualTo("Bearer from-env");
    }

    @Test
    void flagWinsOverTheEnvironment() {
        ParseOutcome outcome = parse(Map.of("API_KEY", "from-env"), ALL);
        assertThat(((ParseOutcome.Run) outcome).settings().apiKey().authorization()).isEqualTo("Bearer k-123");
    }

    @Test
    void rejectsAUrlThatIsNotHttp() {
        String[] args = ALL.clone();
        args[1] = "ftp://x";
        ParseOutcome outcome = parse(Map.of(), args);
        assertThat(((ParseOutcome.Invalid) outcome).message()).contains("--orchestrator-url").contains("http");
    }

    @Test
    void reportsBadEnvironmentValuesByName() {
        ParseOutcome outcome = parse(Map.of("BENCHFLEET_RETRY_WINDOW", "forever", "BENCHFLEET_MOCK_FAIL", "maybe"), ALL);
        assertThat(((ParseOutcome.Invalid) outcome).message())
                .contains("BENCHFLEET_RETRY_WINDOW").contains("BENCHFLEET_MOCK_FAIL");
    }

    @Test
    void readsTuningFromTheEnvironment() {
        ParseOutcome outcome = parse(Map.of("BENCHFLEET_RETRY_WINDOW", "5s", "BENCHFLEET_HEARTBEAT_INTERVAL", "200ms",
                "BENCHFLEET_MOCK_DURATION", "300ms", "BENCHFLEET_MOCK_FAIL", "true"), ALL);
        Tuning tuning = ((ParseOutcome.Run) outcome).settings().tuning();
        assertThat(tuning.retryWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(tuning.heartbeatInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(tuning.mockDuration()).isEqualTo(Duration.ofMillis(300));
        assertThat(tuning.mockFail()).isTrue();
    }

    @Test
    void unknownFlagsAreNamedButValuesNeverEchoed() {
        ParseOutcome outcome = parse(Map.of(), "--apikey", "super-secret-value", "--run-id", "1");
        String message = ((ParseOutcome.Invalid) outcome).message();
        assertThat(message).contains("--apikey").doesNotContain("super-secret-value");
    }

    @Test
    void picocliMessagesHaveTheKeyCutOut() {
        ParseOutcome outcome = parse(Map.of(), "--api-key", "hunter2-key", "--mock=hunter2-key");
        String message = ((ParseOutcome.Invalid) outcome).message();
        assertThat(message).contains("--mock").doesNotContain("hunter2-key");
    }

    @Test
    void helpIsInformationNotAnError() {
        ParseOutcome outcome = parse(Map.of(), "--help");
        assertThat(outcome).isInstanceOf(ParseOutcome.Info.class);
        assertThat(((ParseOutcome.Info) outcome).text()).contains("--orchestrator-url").contains("API_KEY");
    }

    @Test
    void apiKeyNeverShowsInToString() {
        Settings settings = ((ParseOutcome.Run) parse(Map.of(), ALL)).settings();
        assertThat(settings.toString()).doesNotContain("k-123").contains("ApiKey[redacted]");
    }

    @Test
    void readsTheCertificatePinFromTheFlagOrTheEnvironment() {
        String pin = "AB:" + "cd".repeat(31);
        String[] https = ALL.clone();
        https[1] = "https://203.0.113.7";
        Settings fromFlag = ((ParseOutcome.Run) parse(Map.of(), concat(https, "--orchestrator-cert-sha256", pin))).settings();
        assertThat(fromFlag.orchestratorCertSha256()).isEqualTo("ab" + "cd".repeat(31));
        Settings fromEnv = ((ParseOutcome.Run) parse(Map.of("BENCHFLEET_ORCHESTRATOR_CERT_SHA256", pin), https)).settings();
        assertThat(fromEnv.orchestratorCertSha256()).isEqualTo("ab" + "cd".repeat(31));
        assertThat(((ParseOutcome.Run) parse(Map.of(), https)).settings().orchestratorCertSha256()).isNull();
    }

    @Test
    void aPinThatIsNoFingerprintOrAPinWithPlainHttpIsRefused() {
        String[] https = ALL.clone();
        https[1] = "https://203.0.113.7";
        assertThat(((ParseOutcome.Invalid) parse(Map.of(), concat(https, "--orchestrator-cert-sha256", "abc"))).message())
                .contains("--orchestrator-cert-sha256", "64 hex digits");
        assertThat(((ParseOutcome.Invalid) parse(Map.of(), concat(ALL, "--orchestrator-cert-sha256", "a".repeat(64))))
                .message()).contains("must be https://");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
