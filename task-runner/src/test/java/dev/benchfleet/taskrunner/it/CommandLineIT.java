package dev.benchfleet.taskrunner.it;

import static dev.benchfleet.taskrunner.it.Fixtures.ALIAS;
import static dev.benchfleet.taskrunner.it.Fixtures.API_KEY;
import static dev.benchfleet.taskrunner.it.Fixtures.EXIT_TIMEOUT;
import static dev.benchfleet.taskrunner.it.Fixtures.PROVIDER;
import static dev.benchfleet.taskrunner.it.Fixtures.RUBY;
import static dev.benchfleet.taskrunner.it.Fixtures.RUN_ID;
import static dev.benchfleet.taskrunner.it.Fixtures.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.benchfleet.taskrunner.testserver.ProtocolTestServer;
import dev.benchfleet.taskrunner.testserver.RunnerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments, exit codes and the API key's secrecy, as a user of the jar sees them. */
class CommandLineIT {

    @TempDir
    Path temp;

    @Test
    void missingArgumentsAreAllNamedInOneErrorWithExitOne() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(temp, "missing", List.of("--mock"), Map.of())) {
            assertThat(runner.waitForExit(EXIT_TIMEOUT)).isEqualTo(1);
            assertThat(runner.stderr())
                    .contains("--orchestrator-url", "--api-key", "API_KEY", "--run-id", "--provider", "--instance-type")
                    .doesNotContain("\tat ");
            assertThat(runner.stderr().lines().filter(l -> l.contains("missing"))).hasSize(1);
        }
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(temp, "help", List.of("--help"), Map.of())) {
            assertThat(runner.waitForExit(EXIT_TIMEOUT)).isZero();
            assertThat(runner.stdout()).contains("Usage:", "--orchestrator-url", "--api-key", "--run-id",
                    "--provider", "--instance-type", "--mock", "--debug", "--no-exit", "API_KEY");
        }
    }

    @Test
    void mistypedFlagNeverEchoesTheValueAfterIt() throws Exception {
        List<String> args = List.of("--apikey", API_KEY, "--run-id", RUN_ID);
        try (RunnerProcess runner = RunnerProcess.start(temp, "typo", args, Map.of())) {
            assertThat(runner.waitForExit(EXIT_TIMEOUT)).isEqualTo(1);
            assertThat(runner.stderr()).contains("--apikey").doesNotContain(API_KEY);
        }
    }

    @Test
    void doneExitsZeroWithTheKeyFromTheEnvironment() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 0, RUBY);
            List<String> args = List.of("--orchestrator-url", server.url().toString(), "--run-id", RUN_ID,
                    "--provider", PROVIDER, "--instance-type", TYPE, "--mock");
            Map<String, String> env = Fixtures.fastEnv(temp);
            env.put("API_KEY", API_KEY);
            try (RunnerProcess runner = RunnerProcess.start(temp, "done", args, env)) {
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).as(runner.stderr()).isZero();
                assertThat(runner.stderr()).contains("no work left").doesNotContain(API_KEY);
            }
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.path()).endsWith("/tasks/claim"));
        }
    }

    @Test
    void noExitKeepsPollingAfterDone() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 0, RUBY);
            Map<String, String> env = Fixtures.fastEnv(temp);
            env.put("BENCHFLEET_DONE_POLL_INTERVAL", "100ms");
            try (RunnerProcess runner = RunnerProcess.start(temp, "no-exit",
                    Fixtures.args(server.url(), "--mock", "--no-exit"), env)) {
                boolean polledAgain = Fixtures.eventually(java.time.Duration.ofSeconds(20),
                        () -> server.claimRequests() >= 3);
                assertThat(polledAgain).as(runner.stderr()).isTrue();
                assertThat(runner.process().isAlive()).isTrue();
                assertThat(runner.stderr()).contains("--no-exit");
            }
        }
    }

    @Test
    void rejectedApiKeyExitsOneAtOnceWithoutPrintingTheKey() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start("the-right-key", 0)) {
            server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 1, RUBY);
            try (RunnerProcess runner = RunnerProcess.start(temp, "unauthorized",
                    Fixtures.args(server.url(), "--mock"), Fixtures.fastEnv(temp))) {
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).isEqualTo(1);
                assertThat(runner.stderr()).contains("401").contains("API key")
                        .doesNotContain(API_KEY).doesNotContain("retrying");
            }
            assertThat(server.tasks().get(0).status).isEqualTo("pending");
        }
    }

    @Test
    void unknownRunExitsOneNamingIt() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            try (RunnerProcess runner = RunnerProcess.start(temp, "unknown-run",
                    Fixtures.args(server.url(), "--mock"), Fixtures.fastEnv(temp))) {
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).isEqualTo(1);
                assertThat(runner.stderr()).contains("404").contains("Run not found");
            }
        }
    }

    @Test
    void runnerStartedBeforeItsRunWaitsForItWithRunWait() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            Map<String, String> env = Fixtures.fastEnv(temp);
            env.put("BENCHFLEET_RUN_WAIT", "60s");
            try (RunnerProcess runner = RunnerProcess.start(temp, "early",
                    Fixtures.args(server.url(), "--mock"), env)) {
                long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
                while (server.claimRequests() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(20); // the runner asked for the run (answered 404) and asks again
                }
                assertThat(server.claimRequests()).isGreaterThanOrEqualTo(2);
                server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 1, RUBY);
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).isEqualTo(0);
            }
            assertThat(server.tasks().get(0).status).isEqualTo("completed");
        }
    }

    @Test
    void runThatNeverAppearsEndsTheRunWaitWithTheSame404() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            Map<String, String> env = Fixtures.fastEnv(temp);
            env.put("BENCHFLEET_RUN_WAIT", "1s");
            try (RunnerProcess runner = RunnerProcess.start(temp, "never",
                    Fixtures.args(server.url(), "--mock"), env)) {
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).isEqualTo(1);
                assertThat(runner.stderr()).contains("404").contains("Run not found");
            }
            // asked at least once, and then gave up: the wait is bounded (how often it asked depends on the machine)
            assertThat(server.claimRequests()).isPositive();
        }
    }

    @Test
    void badTuningValueNamesTheVariable() throws Exception {
        Map<String, String> env = Fixtures.fastEnv(temp);
        env.put("BENCHFLEET_MOCK_DURATION", "soon");
        try (RunnerProcess runner = RunnerProcess.start(temp, "bad-env",
                Fixtures.args(java.net.URI.create("http://127.0.0.1:9"), "--mock"), env)) {
            assertThat(runner.waitForExit(EXIT_TIMEOUT)).isEqualTo(1);
            assertThat(runner.stderr()).contains("BENCHFLEET_MOCK_DURATION").contains("soon");
        }
    }
}
