package dev.benchfleet.provider.aws.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.benchfleet.provider.aws.terraform.BootTemplate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered boot script's size, syntax and secret handling, and its failure paths, run by bash with a
 * fake {@code docker} (and the fake dnf/systemctl/shutdown): no Docker engine needed.
 * {@link BootScriptDockerIT} runs the happy path on the real engine.
 */
class BootScriptTest {

    private static final String TOKEN = "sk-benchfleet-unit-8Hq2Lw5Pz0secret";
    private static final String RUN_ID = "173400000055555555";
    private static final byte[] JAR = "not really a jar, but bytes with a known hash".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** docker ps prints FAKE_DOCKER_PS (runner states); run fails for containers named in FAKE_DOCKER_FAIL. */
    private static final String FAKE_DOCKER = """
            case "$1" in
              run) for a in "$@"; do case " $FAKE_DOCKER_FAIL " in *" $a "*) exit 125;; esac; done; echo 0123abcd;;
              ps) printf '%b' "$FAKE_DOCKER_PS";;
            esac
            exit 0""";

    @TempDir
    Path temp;

    private HttpServer server;
    private final List<String> requested = new java.util.concurrent.CopyOnWriteArrayList<>();
    private String url;

    @BeforeEach
    void serveTheJar() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        // any hash gets JAR (a corrupted download is one test); which path was asked for is recorded
        server.createContext("/artifacts/task-runner/", exchange -> {
            requested.add(exchange.getRequestURI().getPath());
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, JAR.length);
                out.write(JAR);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theRenderedScriptFitsInEc2UserDataAndIsValidBash() throws Exception {
        String script = BootTemplate.render(vars());
        int bytes = script.getBytes(StandardCharsets.UTF_8).length;
        System.out.println("rendered boot script (with task-runner/Dockerfile): " + bytes + " bytes of 16384");
        assertThat(bytes).isLessThan(16 * 1024);

        Path file = Files.writeString(temp.resolve("user-data.sh"), script);
        Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes())).isZero();
        assertThat(script).startsWith("#!/bin/bash\n").doesNotContain("dnf update").doesNotContain("dnf upgrade");
    }

    @Test
    void theTokenAppearsOnceInTheScriptInsideTheRootOnlyEnvFile() {
        String script = BootTemplate.render(vars());
        assertThat(script.split(Pattern.quote(TOKEN), -1)).hasSize(2);
        Matcher heredoc = Pattern.compile("umask 077\\n\\s*cat >\"\\$CONF/runner.env\" <<'BENCHFLEET_TOKEN_EOF'\\nAPI_KEY="
                + Pattern.quote(TOKEN) + "\\nBENCHFLEET_TOKEN_EOF\\n").matcher(script);
        assertThat(heredoc.find()).as("the token only in the quoted heredoc that writes runner.env under umask 077").isTrue();
        // The template's own code never passes the key as an argument (the Dockerfile's comments mention the flag).
        assertThat(BootTemplate.template()).doesNotContain("--api-key");
    }

    @Test
    void aHappyBootStartsEveryRunnerWithTheContractArgumentsAndPowersOffWhenTheyAreGone() throws Exception {
        BootSandbox sandbox = sandbox();
        Map<String, Object> vars = vars();
        vars.put("runners", 3);

        int exit = sandbox.run(BootTemplate.render(vars), env(""), TIMEOUT);

        assertThat(exit).as(sandbox.output()).isZero();
        assertThat(sandbox.awaitCall("shutdown -h now", TIMEOUT)).as(sandbox.log()).isTrue();
        sandbox.stopWatcher();
        List<String> runs = sandbox.callLines().stream().filter(l -> l.startsWith("docker run ")).toList();
        assertThat(runs).hasSize(3);
        for (int i = 1; i <= 3; i++) {
            assertThat(runs.get(i - 1)).isEqualTo("docker run --detach --name benchfleet-" + RUN_ID + "-c7g-" + i
                    + " --cpuset-cpus=" + (i - 1) + " --restart=on-failure:3 --network bridge --env-file "
                    + sandbox.root() + "/etc/benchfleet/runner.env --label benchfleet-run-id=" + RUN_ID
                    + " --label benchfleet-runner-of=benchfleet-" + RUN_ID + "-c7g benchfleet/task-runner:run-" + RUN_ID
                    + " --orchestrator-url " + url + " --run-id " + RUN_ID + " --provider aws --instance-type c7g.medium --mock");
        }
        assertThat(sandbox.callLines()).contains("docker build --build-arg RUBY_VERSION=3.4.7 --tag benchfleet/task-runner:run-"
                + RUN_ID + " " + sandbox.root() + "/opt/benchfleet/image");
        assertThat(sandbox.callLines().get(0)).isEqualTo("shutdown -h +1440");
        assertThat(sandbox.callLines().stream().filter(l -> l.startsWith("shutdown"))).hasSize(2);
        assertThat(Files.readString(sandbox.root().resolve("opt/benchfleet/image/Dockerfile")).strip())
                .isEqualTo(BootTemplate.taskRunnerDockerfile().strip());
        assertThat(sandbox.log()).doesNotContain(TOKEN);
        assertThat(requested).as("the master's jar by its hash").containsExactly("/artifacts/task-runner/" + sha256(JAR) + ".jar");
    }

    @Test
    void oneRunnerThatFailsToStartDoesNotStopTheOthers() throws Exception {
        BootSandbox sandbox = sandbox();
        Map<String, Object> vars = vars();
        vars.put("runners", 3);

        // The runner that never started stays "created"; the watcher must not wait for it.
        int exit = sandbox.run(BootTemplate.render(vars), env("benchfleet-" + RUN_ID + "-c7g-2", "exited\\ncreated\\nexited\\n"),
                TIMEOUT);

        assertThat(exit).as(sandbox.output()).isZero();
        assertThat(sandbox.awaitCall("shutdown -h now", TIMEOUT)).as(sandbox.log()).isTrue();
        sandbox.stopWatcher();
        assertThat(sandbox.callLines().stream().filter(l -> l.startsWith("docker run "))).hasSize(3);
        assertThat(sandbox.log()).contains("runner benchfleet-" + RUN_ID + "-c7g-2 did not start; the others go on",
                "2 of 3 runner(s) started");
    }

    @Test
    void aJarWithAnotherHashStopsTheBootBeforeAnyImageAndPowersOffLater() throws Exception {
        BootSandbox sandbox = sandbox();
        Map<String, Object> vars = vars();
        vars.put("task_runner_sha256", "ab".repeat(32));

        int exit = sandbox.run(BootTemplate.render(vars), env(""), TIMEOUT);

        assertThat(exit).isEqualTo(1);
        assertThat(sandbox.log()).contains("FAILED: task-runner.jar has SHA-256 " + sha256(JAR) + ", expected " + "ab".repeat(32));
        assertThat(sandbox.callLines()).contains("shutdown -h +10").noneMatch(l -> l.startsWith("docker build") || l.startsWith("docker run"));
    }

    @Test
    void withDebugTheMachineNeverPowersItselfOffAndRunnersKeepPolling() throws Exception {
        BootSandbox sandbox = sandbox();
        Map<String, Object> vars = vars();
        vars.put("debug", true);

        int exit = sandbox.run(BootTemplate.render(vars), env(""), TIMEOUT);

        assertThat(exit).as(sandbox.output()).isZero();
        assertThat(sandbox.callLines()).noneMatch(l -> l.startsWith("shutdown"));
        assertThat(sandbox.callLines().stream().filter(l -> l.startsWith("docker run ")))
                .hasSize(2).allMatch(l -> l.endsWith(" --mock --debug --no-exit"));
        assertThat(sandbox.root().resolve("run/benchfleet/watch.pid")).doesNotExist();
    }

    @Test
    void anHttpsOrchestratorIsFetchedWithThePinnedCertificate() throws Exception {
        BootSandbox sandbox = sandbox();
        sandbox.fake("curl", "exit 7");
        String pem = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----";
        String pin = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(java.util.Base64.getDecoder().decode("MIIBfake")));
        Map<String, Object> vars = vars();
        vars.put("orchestrator_url", "https://203.0.113.10");
        vars.put("orchestrator_cert_pem", pem);

        int exit = sandbox.run(BootTemplate.render(vars), env(""), TIMEOUT);

        assertThat(exit).isEqualTo(1);
        Path pinned = sandbox.root().resolve("etc/benchfleet/orchestrator.pem");
        assertThat(Files.readString(pinned).strip()).isEqualTo(pem);
        String jarUrl = "https://203.0.113.10/artifacts/task-runner/" + sha256(JAR) + ".jar";
        assertThat(sandbox.callLines()).anyMatch(l -> l.startsWith("curl ") && l.contains("--cacert " + pinned)
                && l.endsWith(jarUrl));
        assertThat(sandbox.log()).contains("orchestrator certificate SHA-256 " + pin + " (runners pin it)")
                .contains("FAILED: could not download " + jarUrl);
    }

    private BootSandbox sandbox() throws IOException {
        BootSandbox sandbox = new BootSandbox(Files.createDirectories(temp.resolve("machine")));
        sandbox.fake("docker", FAKE_DOCKER);
        return sandbox;
    }

    private Map<String, Object> vars() {
        return BootTemplate.awsVars(RUN_ID, url, TOKEN, sha256(JAR));
    }

    private static Map<String, String> env(String failingContainers) {
        return env(failingContainers, "exited\\nexited\\n");
    }

    private static Map<String, String> env(String failingContainers, String dockerPs) {
        return Map.of("BENCHFLEET_WATCH_INTERVAL", "1", "FAKE_DOCKER_FAIL", failingContainers, "FAKE_DOCKER_PS", dockerPs);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
