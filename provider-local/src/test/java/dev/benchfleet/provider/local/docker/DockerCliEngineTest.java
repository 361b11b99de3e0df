package dev.benchfleet.provider.local.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Against a real engine (skipped without one): labels, pinning, secrets, removal, and the task runner recipe. */
@ExtendWith(DockerEngineExtension.class)
class DockerCliEngineTest {

    private static final String BASE_IMAGE = "benchfleet/jre-base:17";
    private static final String TEST_LABEL = "dev.benchfleet.test";

    private final String testId = UUID.randomUUID().toString().substring(0, 8);
    private final List<List<String>> commands = new CopyOnWriteArrayList<>();
    private DockerCli cli;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp(DockerEngine engine) {
        cli = engine.cli(commands::add);
    }

    @AfterEach
    void cleanUp() {
        if (cli == null) {
            return; // skipped: no engine
        }
        cli.remove(cli.listByLabel(TEST_LABEL, testId).stream().map(ContainerSummary::id).toList());
    }

    @Test
    void probeAnswers(DockerEngine engine) {
        assertThat(cli.probe()).hasValueSatisfying(info -> {
            assertThat(info.serverVersion()).isNotBlank();
            assertThat(info.osType()).isEqualTo("linux");
            assertThat(info.cpuCount()).isPositive();
        });
        assertThat(engine.info().cpuCount()).isPositive();
        assertThat(cli.engineAnswers()).isTrue();
    }

    @Test
    void pinnedLabelledContainerWithSecretIsListedAndRemoved() {
        requireBaseImage();
        String secret = "secret-" + UUID.randomUUID();
        String name = "bf-test-" + testId;
        ContainerSpec spec = ContainerSpec.builder(BASE_IMAGE)
                .name(name)
                .label(TEST_LABEL, testId)
                .cpusetCpus("0")
                .addHost("host.docker.internal", "host-gateway")
                .env("BF_SECRET", secret)
                .args("sh", "-c", "grep Cpus_allowed_list /proc/self/status; echo \"secret=$BF_SECRET\"; "
                        + "grep -c host.docker.internal /etc/hosts; sleep 2; exit 3")
                .build();

        long started = System.nanoTime();
        String id = cli.runDetached(spec);
        System.out.printf("container start (docker run -d) took %d ms%n", (System.nanoTime() - started) / 1_000_000);

        assertThat(cli.listByLabel(TEST_LABEL, testId)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(id);
            assertThat(c.name()).isEqualTo(name);
            assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
        });
        assertThat(cli.waitForExit(id, Duration.ofSeconds(30))).hasValue(3);
        assertThat(cli.listByLabel(TEST_LABEL, testId)).singleElement()
                .satisfies(c -> assertThat(c.exitStatus()).hasValue(3));

        List<String> out = cli.logs(id, 20).stdout().lines().toList();
        assertThat(out).contains("secret=" + secret, "1");
        assertThat(out).filteredOn(l -> l.startsWith("Cpus_allowed_list:"))
                .singleElement().satisfies(l -> assertThat(l.substring(l.indexOf(':') + 1).strip()).isEqualTo("0"));
        assertThat(commands).isNotEmpty()
                .allSatisfy(argv -> assertThat(String.join(" ", argv)).doesNotContain(secret));

        cli.remove(List.of(id));
        assertThat(cli.listByLabel(TEST_LABEL, testId)).isEmpty();
        assertThatCode(() -> cli.remove(List.of(id, name))).doesNotThrowAnyException();
    }

    @Test
    void taskRunnerDockerfileBuildsOnTheOfflineBaseAndPassesArgs() throws Exception {
        requireBaseImage();
        Path dockerfile = Path.of(System.getProperty("benchfleet.taskRunnerDockerfile", "../task-runner/Dockerfile"));
        Assumptions.assumeTrue(Files.isRegularFile(dockerfile), "no task runner Dockerfile at " + dockerfile);
        Path context = tmp.resolve("context");
        Files.createDirectories(context.resolve("target"));
        writeArgsEchoJar(context.resolve("target/task-runner.jar"));
        String tag = "benchfleet-test/task-runner:" + testId;

        try {
            long started = System.nanoTime();
            String imageId = cli.build(context, dockerfile, tag,
                    Map.of("BASE_IMAGE", BASE_IMAGE, "INSTALL_JRE", "false"), Duration.ofMinutes(3));
            System.out.printf("task runner image build took %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(imageId).startsWith("sha256:");
            assertThat(cli.imageExists(tag)).isTrue();

            List<String> args = List.of("--orchestrator-url", "http://host.docker.internal:8080",
                    "--run-id", "run-" + testId, "--provider", "local", "--instance-type", "local-1", "--mock");
            String id = cli.runDetached(ContainerSpec.builder(tag)
                    .label(TEST_LABEL, testId)
                    .addHost("host.docker.internal", "host-gateway")
                    .args(args)
                    .build());

            assertThat(cli.waitForExit(id, Duration.ofSeconds(60))).hasValue(0);
            List<String> out = cli.logs(id, 50).stdout().lines().toList();
            assertThat(out).containsExactlyElementsOf(
                    concat(args.stream().map(a -> "arg:" + a).toList(), List.of("uid:benchfleet")));
        } finally {
            cleanUp();
            cli.removeImages(List.of(tag));
        }
        assertThat(cli.imageExists(tag)).isFalse();
    }

    private void requireBaseImage() {
        boolean present = cli.imageExists(BASE_IMAGE);
        if (!present) {
            System.out.println("Skipping: image " + BASE_IMAGE + " missing (.ci/docker/start-engine.sh builds it)");
        }
        Assumptions.assumeTrue(present, "image " + BASE_IMAGE + " missing");
    }

    /** A jar whose Main prints each argument and the user it runs as, compiled here with the JDK's javac. */
    private void writeArgsEchoJar(Path jar) throws IOException {
        Path src = tmp.resolve("src/Main.java");
        Path classes = tmp.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, """
                public class Main {
                    public static void main(String[] args) {
                        for (String a : args) {
                            System.out.println("arg:" + a);
                        }
                        System.out.println("uid:" + System.getProperty("user.name"));
                    }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("tests need a JDK").isNotNull();
        int rc = javac.run(null, null, null, "--release", "17", "-d", classes.toString(), src.toString());
        assertThat(rc).as("javac exit code").isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Main");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, manifest)) {
            out.putNextEntry(new JarEntry("Main.class"));
            out.write(Files.readAllBytes(classes.resolve("Main.class")));
            out.closeEntry();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
