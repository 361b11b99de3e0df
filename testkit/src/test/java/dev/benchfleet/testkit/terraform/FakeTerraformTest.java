package dev.benchfleet.testkit.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.testkit.terraform.FakeTerraformScript.Subcommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The fake on its own, driven like a user would drive terraform: it must be as strict as the real CLI. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake terraform is a /bin/sh launcher")
class FakeTerraformTest {

    @TempDir
    Path tmp;

    private FakeTerraform fake;
    private Path work;
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void setUp() throws IOException {
        fake = FakeTerraform.install(tmp.resolve("bin"));
        work = Files.createDirectories(tmp.resolve("work"));
    }

    @Test
    void refusesToRunWhereTerraformCouldWaitAtAPrompt() throws Exception {
        Run apply = run("apply", "-auto-approve", "-json");
        assertThat(apply.exit).isEqualTo(1);
        assertThat(apply.stderr).contains("Error: Input required but -input=false was not given");

        Run init = run("init");
        assertThat(init.exit).isEqualTo(1);

        Run validate = run("validate", "-input=false");
        assertThat(validate.exit).isEqualTo(1);
        assertThat(validate.stderr).contains("flag provided but not defined: -input");

        Run noApprove = run("apply", "-input=false", "-json");
        assertThat(noApprove.exit).isEqualTo(1);
        assertThat(noApprove.stdout).contains("\"summary\":\"Plan file or auto-approve required\"");
        assertThat(fake.transcript()).hasSize(4).allSatisfy(c -> assertThat(c.exit()).contains(1));
    }

    @Test
    void chdirVersionAndStateLookLikeTerraforms() throws Exception {
        fake.script(FakeTerraformScript.builder().requiredVariables("name")
                .resource("terraform_data", "a", Map.of("input", "x"))
                .resource("terraform_data", "b", 0, Map.of())
                .output("name", FakeTerraformScript.fromVariable("name"), false).build());
        JsonNode version = mapper.readTree(run("version", "-json").stdout);
        assertThat(version.path("terraform_version").asText()).isEqualTo("1.11.4");
        assertThat(version.path("platform").asText()).isEqualTo("linux_amd64");

        Run missing = run("-chdir=" + work, "apply", "-auto-approve", "-input=false", "-json");
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.stdout).contains("No value for required variable", "\\\"name\\\"");

        Run apply = run("-chdir=" + work, "apply", "-auto-approve", "-input=false", "-json", "-var=name=n1");
        assertThat(apply.exit).isEqualTo(0);
        List<String> types = new ArrayList<>();
        for (String line : apply.stdout.split("\n")) {
            JsonNode json = mapper.readTree(line);
            assertThat(json.has("@level") && json.has("@message") && json.has("@module") && json.has("@timestamp")).isTrue();
            types.add(json.path("type").asText());
        }
        assertThat(types).containsExactly("version", "planned_change", "planned_change", "change_summary",
                "apply_start", "apply_complete", "apply_start", "apply_complete", "change_summary", "outputs");

        JsonNode state = mapper.readTree(work.resolve("terraform.tfstate").toFile());
        assertThat(state.path("version").asInt()).isEqualTo(4);
        assertThat(state.path("resources").get(1).path("instances").get(0).path("index_key").asInt()).isZero();
        assertThat(state.path("outputs").path("name").path("value").asText()).isEqualTo("n1");
        assertThat(mapper.readTree(run("-chdir=" + work, "output", "-json").stdout).path("name").path("type").asText())
                .isEqualTo("string");
        assertThat(fake.calls("apply").get(1).workDir()).isEqualTo(work.toString());
    }

    @Test
    void scriptedFailuresStopWhereTold() throws Exception {
        fake.script(FakeTerraformScript.builder()
                .resource("terraform_data", "a", Map.of()).resource("terraform_data", "b", Map.of())
                .failAfter(Subcommand.APPLY, 1, "boom").build());
        Run apply = run("-chdir=" + work, "apply", "-auto-approve", "-input=false", "-json");
        assertThat(apply.exit).isEqualTo(1);
        assertThat(apply.stdout).contains("\"type\":\"apply_errored\"", "\"summary\":\"boom\"");
        assertThat(mapper.readTree(work.resolve("terraform.tfstate").toFile()).path("resources")).hasSize(1);
    }

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(fake.binary().toString());
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).directory(tmp.toFile()).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private record Run(int exit, String stdout, String stderr) { }
}
