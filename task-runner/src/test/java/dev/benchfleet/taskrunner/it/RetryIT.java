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
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner rides out an orchestrator that is not there yet, and gives up after the window. */
class RetryIT {

    @TempDir
    Path temp;

    @Test
    void keepsRetryingWhileTheOrchestratorIsDownAndCarriesOnWhenItComesUp() throws Exception {
        int port = freePort();
        URI url = URI.create("http://127.0.0.1:" + port);
        Map<String, String> env = Fixtures.fastEnv(Files.createDirectories(temp.resolve("work")));

        try (RunnerProcess runner = RunnerProcess.start(temp, "runner", Fixtures.args(url, "--mock"), env)) {
            // the runner is refused a few times first; it is "down" for about two seconds
            boolean retried = Fixtures.eventually(java.time.Duration.ofSeconds(20),
                    () -> runner.stderr().contains("retrying"));
            assertThat(retried).as(runner.stderr()).isTrue();
            Thread.sleep(1_500);
            assertThat(runner.process().isAlive()).as("still retrying, not given up").isTrue();

            try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, port)) {
                server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 2, RUBY);
                assertThat(runner.waitForExit(EXIT_TIMEOUT)).as(runner.stderr()).isZero();
                assertThat(server.tasks()).allSatisfy(t -> assertThat(t.status).isEqualTo("completed"));
            }
            assertThat(runner.stderr()).contains("succeeded again").doesNotContain(API_KEY);
        }
    }

    @Test
    void givesUpWithExitOneWhenTheOrchestratorStaysUnreachablePastTheWindow() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + freePort());
        Map<String, String> env = Fixtures.fastEnv(Files.createDirectories(temp.resolve("work")));
        env.put("BENCHFLEET_RETRY_WINDOW", "1s");

        try (RunnerProcess runner = RunnerProcess.start(temp, "runner", Fixtures.args(url, "--mock"), env)) {
            assertThat(runner.waitForExit(EXIT_TIMEOUT)).isEqualTo(1);
            assertThat(runner.stderr()).contains("orchestrator unreachable").contains("1s")
                    .doesNotContain(API_KEY).doesNotContain("Exception in thread").doesNotContain("\tat ");
        }
    }

    // Reserved by binding and releasing: nothing else in these tests binds fixed ports.
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
