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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM in the middle of a task: the runner exits and the task is reported failed, not left hanging. */
class SignalIT {

    @TempDir
    Path temp;

    @Test
    void sigtermDuringATaskFailsItAndExits() throws Exception {
        try (ProtocolTestServer server = ProtocolTestServer.start(API_KEY, 0)) {
            server.createRun(RUN_ID, PROVIDER, TYPE, ALIAS, 1, RUBY);
            Map<String, String> env = Fixtures.fastEnv(Files.createDirectories(temp.resolve("work")));
            env.put("BENCHFLEET_MOCK_DURATION", "60s");

            try (RunnerProcess runner = RunnerProcess.start(temp, "runner", Fixtures.args(server.url(), "--mock"), env)) {
                boolean running = Fixtures.eventually(Duration.ofSeconds(20),
                        () -> server.tasks().get(0).status.equals("running"));
                assertThat(running).as(runner.stderr()).isTrue();

                runner.process().destroy(); // SIGTERM
                int exit = runner.waitForExit(EXIT_TIMEOUT);
                assertThat(exit).isNotZero();
                assertThat(runner.allOutput()).doesNotContain(API_KEY);
            }
            ProtocolTestServer.Task task = server.tasks().get(0);
            assertThat(task.status).isEqualTo("failed");
            assertThat(task.failures).isEqualTo(1);
            assertThat(task.errorMessage).contains("stopped");
        }
    }
}
