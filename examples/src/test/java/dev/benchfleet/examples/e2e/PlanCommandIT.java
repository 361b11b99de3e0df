package dev.benchfleet.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code runner.jar plan} and the spend guard of a run, as a user runs them: a real child process. */
class PlanCommandIT {

    @TempDir
    Path workDir;
    @TempDir
    Path scratch;

    @Test
    void planOfTheMainJobPrintsThePlanAndCreatesNothing() throws Exception {
        Path config = LocalRuns.examplesDir().resolve("config/local.json");

        Result result = run(false, Map.of(), "plan", "-c", config.toString());

        assertThat(result.exitCode).as(result.stderr).isZero();
        assertThat(result.stdout).contains("Plan for " + config)
                .containsPattern("local +this-machine +local +\\d+ +\\S+ +2 +1 +4 +\\d+ +free +\\$0\\.00")
                .contains("Assumption: each task takes 30 min (the default");
        assertCreatedNothing();
    }

    @Test
    void planJsonIsOneObjectForScripts() throws Exception {
        Path config = LocalRuns.examplesDir().resolve("config/local.json");

        Result result = run(false, Map.of(), "plan", "-c", config.toString(), "--json");

        assertThat(result.exitCode).as(result.stderr).isZero();
        assertThat(result.stdout.strip().lines()).hasSize(1);
        JsonNode plan = LocalRuns.JSON.readTree(result.stdout);
        JsonNode alias = plan.at("/providers/local/aliases/this-machine");
        assertThat(alias.path("instance_type").asText()).isEqualTo("local");
        assertThat(alias.path("vcpus").asInt()).isPositive();
        assertThat(alias.has("arch")).isTrue();
        assertThat(alias.path("runners_per_instance").asInt()).isEqualTo(2);
        assertThat(alias.path("instances").asInt()).isEqualTo(1);
        assertThat(alias.path("tasks").asInt()).isEqualTo(4);
        assertThat(alias.path("price_per_hour").decimalValue()).isZero();
        assertThat(plan.at("/totals/tasks").asInt()).isEqualTo(4);
        assertThat(plan.at("/totals/estimated_cost").decimalValue()).isZero();
        assertThat(plan.at("/assumptions/estimated_task_minutes").asInt()).isEqualTo(30);
        assertCreatedNothing();
    }

    @Test
    void theOriginalsLocalConfigsPlan() throws Exception {
        Path originals = LocalRuns.examplesDir().resolve("../core/src/test/resources/config/original").normalize();

        Result seed = run(false, Map.of(), "plan", "-c", originals.resolve("4cdb646/ci.json").toString());
        Result later = run(false, Map.of(), "plan", "-c", originals.resolve("61d9060/local.json").toString(), "--json");

        assertThat(seed.exitCode).as(seed.stderr).isZero();
        assertThat(seed.stdout).contains("ci-runner");
        assertThat(later.exitCode).as(later.stderr).isZero();
        assertThat(LocalRuns.JSON.readTree(later.stdout).at("/providers/local/aliases/apple-m3-max/tasks").asInt()).isEqualTo(3);
        assertCreatedNothing();
    }

    @Test
    void badConfigsExitOneWithTheirPaths() throws Exception {
        Path both = Files.writeString(scratch.resolve("both.json"), """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 2, "per_instance_type": {"tasks": 2, "instances": 0},
                 "estimated_task_minutes": -1, "local": [{"instance_type": "local", "alias": "me", "arch": "sparc"}]}
                """);

        Result result = run(false, Map.of(), "plan", "-c", both.toString());
        Result json = run(false, Map.of(), "plan", "-c", both.toString(), "--json");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr).contains("per_instance_type: give either runs_per_instance_type or per_instance_type")
                .contains("estimated_task_minutes: must be > 0").contains("local[0].arch: must be arm64 or x86_64")
                .doesNotContain("Exception");
        assertThat(json.exitCode).isEqualTo(1);
        assertThat(json.stdout).as("no half-written JSON").isEmpty();
        assertCreatedNothing();
    }

    @Test
    void aPricedPlanShowsPricesAndWhatIsUnknown() throws Exception {
        Path config = pricey("");

        Result result = run(true, Map.of(), "plan", "-c", config.toString(), "--json");

        assertThat(result.exitCode).as(result.stderr).isZero();
        JsonNode plan = LocalRuns.JSON.readTree(result.stdout);
        // 5 tasks on p.large (2 runners each): 3 instances, 1 task per runner of 30 min: 3 × $0.50 × 0.5 h
        assertThat(plan.at("/providers/pricey/aliases/big/instances").asInt()).isEqualTo(3);
        assertThat(plan.at("/providers/pricey/aliases/big/price_per_hour").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(plan.at("/providers/pricey/aliases/big/estimated_cost").decimalValue()).isEqualByComparingTo("0.75");
        assertThat(plan.at("/providers/pricey/aliases/odd/price_per_hour").isNull()).isTrue();
        assertThat(plan.at("/totals/estimated_cost").isNull()).isTrue();
        assertThat(plan.at("/totals/unpriced_types/0").asText()).isEqualTo("pricey/p.mystery");
    }

    @Test
    void aRunThatCostsMoneyWithoutATerminalOrYesIsRefusedBeforeAnythingExists() throws Exception {
        Path config = pricey("");

        Result result = run(true, Map.of(),
                "-c", config.toString(), "--orchestrator-url", "http://127.0.0.1:9", "-k", "0123456789abcdef0123456789abcdef");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr).contains("This run costs money").contains("pricey").contains("$0.5")
                .contains("no terminal to ask on").contains("--yes").doesNotContain("setup reached");
        assertCreatedNothing();
    }

    @Test
    void maxCostRefusesARunEvenWithYes() throws Exception {
        Path config = Files.writeString(scratch.resolve("max.json"), """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 5, "max_cost": 0.5,
                 "pricey": [{"instance_type": "p.large", "alias": "big"}]}
                """);

        Result result = run(true, Map.of(),
                "-c", config.toString(), "--orchestrator-url", "http://127.0.0.1:9", "-k", "0123456789abcdef0123456789abcdef", "--yes");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr).contains("max_cost: the estimated cost $0.75 exceeds the limit $0.50")
                .doesNotContain("setup reached");
        assertCreatedNothing();
    }

    @Test
    void onATerminalTheRunAsksAndOnlyYesGoesOn() throws Exception {
        Path script = Path.of("/usr/bin/script");
        if (!Files.isExecutable(script)) {
            System.out.println("Skipping PlanCommandIT.onATerminalTheRunAsksAndOnlyYesGoesOn: no /usr/bin/script "
                    + "(util-linux) to give the runner a terminal");
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no /usr/bin/script");
        }
        Path config = Files.writeString(scratch.resolve("ask.json"), """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 2, "pricey": [{"instance_type": "p.large", "alias": "big"}]}
                """);

        String declined = onATerminal(script, config, "n");
        assertThat(declined).contains("This run costs money").contains("Start it? [y/N]")
                .contains("answered no").doesNotContain("setup reached").contains("exit=1");
        assertCreatedNothing();

        String approved = onATerminal(script, config, "y");
        assertThat(approved).contains("Start it? [y/N]").contains("setup reached (the spend guard let the run through)");
    }

    /** Runs the priced config on a pseudo-terminal made by script(1), answers the question, returns all output. */
    private String onATerminal(Path script, Path config, String answer) throws Exception {
        List<String> runner = runnerCommand(true);
        runner.addAll(List.of("-c", config.toString(), "--orchestrator-url", "http://127.0.0.1:9", "-k",
                "0123456789abcdef0123456789abcdef"));
        String shell = String.join(" ", runner.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList())
                + "; echo exit=$?";
        Path output = scratch.resolve("terminal.txt");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "-q", "-c", shell, "/dev/null")
                .directory(workDir.toFile()).redirectOutput(output.toFile()).redirectErrorStream(true);
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(output).contains("[y/N]")) {
                assertThat(System.nanoTime()).as("the question was asked").isLessThan(deadline);
                Thread.sleep(100);
            }
            process.getOutputStream().write((answer + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the runner finished").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return Files.readString(output);
    }

    private Path pricey(String extra) throws IOException {
        return Files.writeString(scratch.resolve("pricey.json"), """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 5, %s
                 "pricey": [{"instance_type": "p.large", "alias": "big"}, {"instance_type": "p.mystery", "alias": "odd"}]}
                """.formatted(extra));
    }

    private void assertCreatedNothing() throws IOException {
        try (Stream<Path> files = Files.list(workDir)) {
            assertThat(files).as("no .benchfleet, status or results folder in the working folder").isEmpty();
        }
    }

    /** Runs the runner in {@code workDir}, output collected in {@code scratch}. */
    private Result run(boolean withPricey, Map<String, String> env, String... args) throws Exception {
        List<String> command = runnerCommand(withPricey);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(scratch.resolve("stdout.txt").toFile())
                .redirectError(scratch.resolve("stderr.txt").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                throw new AssertionError("runner did not finish within 2 minutes");
            }
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(scratch.resolve("stdout.txt")),
                Files.readString(scratch.resolve("stderr.txt")));
    }

    /**
     * The runner's command line. With {@code withPricey}, its class path also holds this module's test
     * classes and a services file naming {@link PriceyProvider}, kept out of the test class path.
     */
    private List<String> runnerCommand(boolean withPricey) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (withPricey) {
            Path services = scratch.resolve("pricey-services/META-INF/services");
            Files.createDirectories(services);
            Files.writeString(services.resolve(TaskRunnerProvider.class.getName()), PriceyProvider.class.getName() + "\n");
            Path testClasses = Path.of(PriceyProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            command.addAll(List.of("-cp", String.join(File.pathSeparator,
                    LocalRuns.examplesDir().resolve("runner.jar").toString(), testClasses.toString(),
                    scratch.resolve("pricey-services").toString()),
                    "dev.benchfleet.examples.runner.RunnerMain"));
        } else {
            command.addAll(List.of("-jar", LocalRuns.examplesDir().resolve("runner.jar").toString()));
        }
        return command;
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
