package dev.benchfleet.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Which configs make the runner warm the orchestrator's code up while it validates them. */
class LocalOrchestratorWarmUpTest {

    @TempDir
    Path dir;

    @Test
    void aConfigThatAsksForTheOrchestratorOnThisMachineDoes() throws Exception {
        assertThat(LocalOrchestrator.asksForOneHere(write("{\"local_orchestrator\": true, \"local\": []}"))).isTrue();
    }

    @Test
    void anyOtherConfigDoesNotAndNoneOfThemFails() throws Exception {
        assertThat(LocalOrchestrator.asksForOneHere(write("{\"local_orchestrator\": false}"))).isFalse();
        assertThat(LocalOrchestrator.asksForOneHere(write("{\"aws\": [{\"instance_type\": \"c7g.large\"}]}"))).isFalse();
        // broken or missing: the config loader is the one to say what is wrong, later
        assertThat(LocalOrchestrator.asksForOneHere(write("{\"local_orchestrator\": tr"))).isFalse();
        assertThat(LocalOrchestrator.asksForOneHere(dir.resolve("missing.json"))).isFalse();
    }

    @Test
    // opened, the pipe would block (no one writes to it), and an open cannot be interrupted
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aConfigThatIsNotARegularFileIsLeftUnreadForTheConfigLoader() throws Exception {
        Path fifo = dir.resolve("run.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        assertThat(LocalOrchestrator.asksForOneHere(fifo)).isFalse();
    }

    private Path write(String json) throws Exception {
        Path file = Files.createTempFile(dir, "run", ".json");
        Files.writeString(file, json);
        return file;
    }
}
