package dev.benchfleet.provider.local.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Exact argument lists and the kill path, against a shell script standing in for docker. No engine needed. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake docker client is a POSIX shell script")
class DockerCliFakeTest {

    private static final Duration QUICK = Duration.ofSeconds(10);
    private static final String SECRET = "s3cr3t-api-key-value";

    @TempDir
    Path tmp;
    private FakeDocker fake;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeDocker(tmp);
    }

    @Test
    void runPassesEnvValuesOnlyThroughTheEnvironment() {
        DockerCli cli = fake.cli("normal", QUICK, "BF_API_KEY", "FAKE_DOCKER_MODE");
        ContainerSpec spec = ContainerSpec.builder("benchfleet/task-runner:dev")
                .name("bf-run1-0")
                .label("dev.benchfleet.run", "run1")
                .label("dev.benchfleet.alias", "local")
                .cpusetCpus("1")
                .network("host")
                .addHost("host.docker.internal", "host-gateway")
                .env("BF_API_KEY", SECRET)
                .args("--run-id", "run1", "--mock")
                .build();

        String id = cli.runDetached(spec);

        assertThat(id).isEqualTo("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assertThat(fake.args(1)).containsExactly("run", "--detach", "--pull", "never",
                "--name", "bf-run1-0",
                "--label", "dev.benchfleet.alias=local", "--label", "dev.benchfleet.run=run1",
                "--cpuset-cpus", "1", "--network", "host",
                "--add-host", "host.docker.internal:host-gateway",
                "--env", "BF_API_KEY",
                "benchfleet/task-runner:dev", "--run-id", "run1", "--mock");
        assertThat(fake.observed).hasSize(1);
        assertThat(String.join(" ", fake.observed.get(0))).doesNotContain(SECRET);
        // ... but the client did get the value, from where it copies it into the container.
        assertThat(fake.env(1)).contains("BF_API_KEY=" + SECRET);
        assertThat(spec.toString()).doesNotContain(SECRET).contains("BF_API_KEY");
    }

    @Test
    void runWithoutOptionalPartsIsMinimal() {
        fake.cli("normal", QUICK).runDetached(ContainerSpec.builder("img").build());
        assertThat(fake.args(1)).containsExactly("run", "--detach", "--pull", "never", "img");
    }

    @Test
    void envNamesTheClientReadsAreRejected() {
        DockerCli cli = fake.cli("normal", QUICK);
        for (String name : List.of("DOCKER_HOST", "PATH", "HOME", "https_proxy")) {
            assertThatThrownBy(() -> cli.runDetached(ContainerSpec.builder("img").env(name, "x").build()))
                    .as(name).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
        }
        assertThat(fake.calls()).isZero();
    }

    @Test
    void failedRunCarriesExitCodeStderrAndNoSecret() {
        DockerCli cli = fake.cli("fail", QUICK);
        ContainerSpec spec = ContainerSpec.builder("img").env("BF_API_KEY", SECRET).args("--api-key", SECRET)
                .build();

        assertThatThrownBy(() -> cli.runDetached(spec))
                .isInstanceOfSatisfying(DockerException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DockerException.Reason.FAILED);
                    assertThat(e.exitCode()).hasValue(1);
                    assertThat(e.stderr()).contains("Error response from daemon: boom");
                    // A secret that a caller also put in the args is masked in what users see.
                    assertThat(e.command()).contains("--env", "BF_API_KEY", "****").doesNotContain(SECRET);
                    assertThat(e.getMessage()).doesNotContain(SECRET).contains("exit code 1");
                });
    }

    @Test
    void listByLabelUsesPsThenInspect() {
        List<ContainerSummary> list = fake.cli("normal", QUICK).listByLabel("dev.benchfleet.run", "run1");

        assertThat(fake.args(1)).containsExactly("ps", "--all", "--quiet", "--no-trunc",
                "--filter", "label=dev.benchfleet.run=run1");
        assertThat(fake.args(2)).containsExactly("container", "inspect", "--format",
                "{\"id\":{{json .Id}},\"name\":{{json .Name}},\"state\":{{json .State.Status}},"
                        + "\"exitCode\":{{json .State.ExitCode}}}",
                "aaa111", "bbb222");
        assertThat(list).containsExactly(
                new ContainerSummary("aaa111", "one", ContainerState.RUNNING, 0),
                new ContainerSummary("bbb222", "two", ContainerState.EXITED, 3));
        assertThat(list.get(0).exitStatus()).isEmpty();
        assertThat(list.get(1).exitStatus()).hasValue(3);
    }

    @Test
    void removeForcesAndToleratesMissingContainers() {
        fake.cli("normal", QUICK).remove(List.of("aaa111", "bbb222"));
        assertThat(fake.args(1)).containsExactly("rm", "--force", "--volumes", "aaa111", "bbb222");

        // rm fails, but a follow-up listing shows nothing is left: that is success.
        fake.cli("rm-missing", QUICK).remove(List.of("gone"));
        assertThat(fake.args(2)).containsExactly("rm", "--force", "--volumes", "gone");
        assertThat(fake.args(3)).containsExactly("ps", "--all", "--no-trunc", "--format", "{{.ID}}\t{{.Names}}");

        fake.cli("normal", QUICK).remove(List.of());
        assertThat(fake.calls()).isEqualTo(3);
    }

    @Test
    void removeFailsWhenTheContainerIsStillThere() {
        // "fail" mode: rm fails and ps (also failing) cannot prove the container is gone.
        assertThatThrownBy(() -> fake.cli("fail", QUICK).remove(List.of("aaa111")))
                .isInstanceOf(DockerException.class);
    }

    @Test
    void otherCommandsHaveTheExpectedArguments() {
        DockerCli cli = fake.cli("normal", QUICK);

        assertThat(cli.probe()).contains(new EngineInfo("99.1.0", "linux", 3, "Fake Linux"));
        assertThat(cli.imageExists("benchfleet/jre-base:17")).isTrue();
        assertThat(cli.waitForExit("aaa111", QUICK)).hasValue(7);
        assertThat(cli.logs("aaa111", 50)).isEqualTo(new ContainerLogs("out-line\n", "err-line\n"));
        assertThat(cli.build(Path.of("/ctx"), Path.of("/ctx/Dockerfile"), "t:1",
                Map.of("INSTALL_JRE", "false", "BASE_IMAGE", "b:1"), QUICK)).isEqualTo("sha256:built");

        assertThat(fake.args(1)).containsExactly("info", "--format", "{{json .}}");
        assertThat(fake.args(2)).containsExactly("image", "ls", "--quiet", "--filter",
                "reference=benchfleet/jre-base:17");
        assertThat(fake.args(3)).containsExactly("wait", "aaa111");
        assertThat(fake.args(4)).containsExactly("logs", "--tail", "50", "aaa111");
        assertThat(fake.args(5)).containsExactly("build", "--quiet", "--file", "/ctx/Dockerfile", "--tag", "t:1",
                "--build-arg", "BASE_IMAGE=b:1", "--build-arg", "INSTALL_JRE=false", "/ctx");
    }

    @Test
    void probeSaysNoEngineInsteadOfThrowing() {
        assertThat(fake.cli("fail", QUICK).probe()).isEmpty();
        assertThat(new DockerCli(tmp.resolve("no-such-docker"), Map.of()).engineAnswers()).isFalse();
    }

    @Test
    void clientIgnoringSigtermIsKilledAndReapedWithinTheTimeout() throws Exception {
        DockerCli cli = fake.cli("hang", Duration.ofMillis(700));
        long started = System.nanoTime();

        assertThatThrownBy(() -> cli.logs("x", 1))
                .isInstanceOfSatisfying(DockerException.class,
                        e -> assertThat(e.reason()).isEqualTo(DockerException.Reason.TIMED_OUT));

        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        // 700 ms timeout + 500 ms grace before SIGKILL, plus slack for a loaded machine.
        assertThat(elapsedMs).isBetween(650L, 4_000L);
        assertThat(alive(fake.pid("hang.pid"))).isFalse();
    }

    @Test
    void waitForExitTimeoutIsAnEmptyAnswerAndKillsTheWholeTree() throws Exception {
        DockerCli cli = fake.cli("hang-tree", Duration.ofSeconds(10));

        OptionalInt result = cli.waitForExit("x", Duration.ofMillis(500));

        assertThat(result).isEmpty();
        assertThat(alive(fake.pid("hang.pid"))).isFalse();
        assertThat(alive(fake.pid("child.pid"))).isFalse();
    }

    @Test
    void interruptKillsTheClientAndKeepsTheInterruptFlag() throws Exception {
        DockerCli cli = fake.cli("hang", Duration.ofSeconds(30));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                cli.logs("x", 1);
            } catch (DockerException e) {
                thrown.set(e);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        }, "fake-docker-caller");
        caller.start();
        long pid = fake.pid("hang.pid");
        caller.interrupt();
        caller.join(5_000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOfSatisfying(DockerException.class,
                e -> assertThat(e.reason()).isEqualTo(DockerException.Reason.INTERRUPTED));
        assertThat(flagKept).isTrue();
        assertThat(alive(pid)).isFalse();
    }

    /** Alive means running: a process the JDK or init has not reaped yet would show as a zombie. */
    private static boolean alive(long pid) throws Exception {
        // Re-parented grandchildren are reaped by init asynchronously; give that a moment.
        CompletableFuture<Boolean> gone = ProcessHandle.of(pid)
                .map(h -> h.onExit().thenApply(x -> true))
                .orElse(CompletableFuture.completedFuture(true));
        try {
            return !gone.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return true;
        }
    }
}
