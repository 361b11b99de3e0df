package dev.benchfleet.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.examples.e2e.RunnerJar.Result;
import dev.benchfleet.core.journal.JournalEndpoint;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.journal.RunsFolder;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code nuke}, {@code resume}, {@code results} and {@code list} of runner.jar, each as a new process. */
class RunCommandsIT {

    private static final Map<String, String> FAST = Map.of("BENCHFLEET_MOCK_DURATION", "300ms",
            "BENCHFLEET_LOCAL_RUNTIME", "process");

    @TempDir
    Path workDir;

    @Test
    void aDebugRunIsRemovedByNukeFromAnotherProcessAndASecondNukeFindsNothing() throws Exception {
        Result run = run(FAST, "-c", LocalRuns.examplesDir().resolve("config/local.json").toString(), "--debug");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String runId = LocalRuns.JSON.readTree(run.lastStdoutLine()).path("run_id").asText();
        assertThat(runnersOf(runId)).as("--debug keeps the runners").isNotEmpty();
        Path journal = workDir.resolve(".benchfleet/runs").resolve(runId);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.resolve("journal.json"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(workDir.resolve("status").resolve(runId + ".json")))
                .doesNotContain(LocalRuns.JSON.readTree(journal.resolve("journal.json").toFile())
                        .path("orchestrator").path("api_key").asText());

        Result list = run(Map.of(), "list");
        Result nuke = run(Map.of(), "nuke", runId);
        Result again = run(Map.of(), "nuke", runId);
        Result listAfter = run(Map.of(), "list");

        assertThat(list.stdout()).contains(runId).contains("local (kept)");
        assertThat(nuke.exitCode()).as(nuke.stderr()).isZero();
        assertThat(nuke.stderr()).contains("Removed (run " + runId + ")").contains("nothing is left");
        assertThat(runnersOf(runId)).as("no runner of the run is left").isEmpty();
        assertThat(again.exitCode()).isZero();
        assertThat(again.stderr()).contains("Nothing is left of run " + runId);
        assertThat(listAfter.stdout()).contains("nothing (torn down)");
    }

    @Test
    void aRunWhoseMasterIsKilledFinishesWithResume() throws Exception {
        Path config = LocalRuns.examplesDir().resolve("config/local.json");
        Map<String, String> env = Map.of("BENCHFLEET_MOCK_DURATION", "3s", "BENCHFLEET_LOCAL_RUNTIME", "process");
        ProcessBuilder builder = new ProcessBuilder(RunnerJar.command("-c", config.toString())).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("master.out").toFile())
                .redirectError(workDir.resolve("master.err").toFile());
        builder.environment().putAll(env);
        Process master = builder.start();
        String runId;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // killed while a task runs: the local runners start with the orchestrator and claim the moment the run
            // exists, so right at "Monitoring run" a claim's answer may be in flight, and a claim whose answer dies
            // with the master is only failed, as a timeout, after the heartbeat timeout
            while (!Files.readString(workDir.resolve("master.err")).contains("Monitoring run")
                    || !Files.readString(workDir.resolve("master.err")).matches("(?s).*· running [12] ·.*")) {
                assertThat(System.nanoTime()).as("the run reached a running task").isLessThan(deadline);
                Thread.sleep(100);
            }
            runId = new RunsFolder(workDir, Clock.systemUTC()).ids().get(0);
            // java -jar runner.jar runs the command in a child JVM (class-data sharing): kill -9 of the command
            // must end that one too, by itself
            java.util.List<ProcessHandle> childJvms = master.children().toList();
            new ProcessBuilder("kill", "-9", String.valueOf(master.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(master.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle child : childJvms) {
                assertThat(child.onExit()).as("the command's child JVM ends with it").succeedsWithin(30, TimeUnit.SECONDS);
            }
        } finally {
            master.destroyForcibly();
        }
        assertThat(runnersOf(runId)).as("the runners outlive the killed master").isNotEmpty();

        Result resume = run(env, "resume", runId);

        assertThat(resume.exitCode()).as(resume.stderr()).isZero();
        JsonNode summary = LocalRuns.JSON.readTree(resume.lastStdoutLine());
        assertThat(summary.path("run_id").asText()).isEqualTo(runId);
        assertThat(summary.path("status").asText()).isEqualTo("completed");
        assertThat(LocalRuns.taskFolders(workDir.resolve("results").resolve(runId))).hasSize(4)
                .allSatisfy(folder -> assertThat(folder.resolve("output.txt")).isNotEmptyFile());
        assertThat(LocalRuns.readJson(workDir.resolve("status").resolve(runId + ".json")).path("status").asText())
                .isEqualTo("completed");
        assertThat(runnersOf(runId)).as("resume tears the runners down").isEmpty();
        Result again = run(env, "resume", runId);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).contains("was torn down").contains("nothing to resume");
    }

    @Test
    void unknownIdsAreAClearErrorForEveryCommand() throws Exception {
        for (String command : List.of("nuke", "resume", "results")) {
            Result unknown = run(Map.of(), command, "100000000000000001");
            Result notAnId = run(Map.of(), command, "abc");
            assertThat(unknown.exitCode()).as(command).isEqualTo(1);
            assertThat(unknown.stderr()).as(command).contains("run id 100000000000000001: no such run");
            assertThat(notAnId.exitCode()).as(command).isEqualTo(1);
            assertThat(notAnId.stderr()).as(command).contains("is not a run id");
        }
        assertThat(workDir.resolve(".benchfleet")).doesNotExist();
    }

    @Test
    void aCorruptOrHandEditedJournalIsAClearErrorAndNothingIsTouched() throws Exception {
        RunJournal corrupt = journal("100000000000000002");
        Files.writeString(corrupt.file(), "{\"format\": 1, \"run_id\": ");
        RunJournal edited = journal("100000000000000003");
        Files.writeString(edited.file(), Files.readString(edited.file()).replace("100000000000000003", "100000000000000009"));
        String corruptBefore = Files.readString(corrupt.file());
        String editedBefore = Files.readString(edited.file());

        for (String command : List.of("nuke", "resume", "results")) {
            Result broken = run(Map.of(), command, "100000000000000002");
            Result handEdited = run(Map.of(), command, "100000000000000003");
            assertThat(broken.exitCode()).as(command).isEqualTo(1);
            assertThat(broken.stderr()).as(command).contains("is not valid JSON").contains("nothing was changed")
                    .doesNotContain("Exception");
            assertThat(handEdited.exitCode()).as(command).isEqualTo(1);
            assertThat(handEdited.stderr()).as(command).contains("run_id: must be \"100000000000000003\"")
                    .contains("edited by hand");
        }
        Result list = run(Map.of(), "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.stdout()).contains("damaged journal");
        assertThat(Files.readString(corrupt.file())).isEqualTo(corruptBefore);
        assertThat(Files.readString(edited.file())).isEqualTo(editedBefore);
    }

    @Test
    void resumeRefusesARunWhoseConfigChanged() throws Exception {
        Path config = Files.writeString(workDir.resolve("run.json"), Files.readString(
                LocalRuns.examplesDir().resolve("config/local.json")));
        RunJournal journal = RunJournal.create(new RunsFolder(workDir, Clock.systemUTC()).runDir("100000000000000004"),
                Clock.systemUTC(), "100000000000000004", workDir, config, "0".repeat(64),
                RunFlags.defaults().withLocalOrchestrator(true), false);
        journal.orchestrator(new JournalEndpoint("embedded", URI.create("http://127.0.0.1:9/"),
                URI.create("http://127.0.0.1:9/"), "test", Optional.empty(), Secret.of("k")));
        String before = Files.readString(journal.file());

        Result resume = run(FAST, "resume", "100000000000000004");

        assertThat(resume.exitCode()).isEqualTo(1);
        assertThat(resume.stderr()).contains("changed since run 100000000000000004 started").contains("SHA-256 was 0000");
        assertThat(Files.readString(journal.file())).isEqualTo(before);
        assertThat(workDir.resolve("status")).doesNotExist();
    }

    @Test
    void resultsSayWhyWhenTheOrchestratorIsNotReachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RunJournal journal = journal("100000000000000005");
        journal.orchestrator(new JournalEndpoint("existing", URI.create("http://127.0.0.1:" + closedPort + "/"),
                URI.create("http://127.0.0.1:" + closedPort + "/"), "test", Optional.empty(), Secret.of("k")));

        Result results = run(Map.of(), "results", "100000000000000005");

        assertThat(results.exitCode()).isEqualTo(1);
        assertThat(results.stderr()).contains("is not reachable").contains("127.0.0.1:" + closedPort);
        assertThat(workDir.resolve("results")).doesNotExist();
    }

    @Test
    void nukeAllNeedsYesWithoutATerminalAndRemovesEveryRunThatIsNotTornDown() throws Exception {
        journal("100000000000000006");
        RunJournal done = journal("100000000000000007");
        done.tornDown(List.of());

        // No AWS profile here and no network folder: the cloud sweep has nothing to do (and calls nothing).
        Map<String, String> noCloud = Map.of("HOME", workDir.toString());
        Result refused = run(noCloud, "nuke", "--all");
        Result all = run(noCloud, "nuke", "--all", "--yes");
        Result again = run(noCloud, "nuke", "--all", "--yes");
        Result regionAlone = run(noCloud, "nuke", "100000000000000006", "--region", "us-east-1");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("100000000000000006").doesNotContain("100000000000000007").contains("--yes");
        assertThat(all.exitCode()).as(all.stderr()).isZero();
        assertThat(all.stderr()).contains("Run 100000000000000006 is torn down")
                .contains("[aws] no AWS credentials and no AWS network folder here");
        assertThat(again.exitCode()).isZero();
        assertThat(again.stderr()).contains("No run in").contains("Nothing is left");
        assertThat(regionAlone.exitCode()).isEqualTo(1);
        assertThat(regionAlone.stderr()).contains("--region goes with --all");
    }

    private RunJournal journal(String runId) throws IOException {
        Path config = Files.writeString(workDir.resolve("run.json"), "{}");
        return RunJournal.create(new RunsFolder(workDir, Clock.systemUTC()).runDir(runId), Clock.systemUTC(), runId,
                workDir, config, "a".repeat(64), RunFlags.defaults().withLocalOrchestrator(true), false);
    }

    private static List<ProcessHandle> runnersOf(String runId) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(runId)).orElse(false)).toList();
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return RunnerJar.run(workDir, env, args);
    }
}
