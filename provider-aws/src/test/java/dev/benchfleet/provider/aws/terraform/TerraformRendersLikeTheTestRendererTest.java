package dev.benchfleet.provider.aws.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a Terraform binary is installed, the real {@code templatefile()} renders the boot template from
 * the same variables, and the text must be byte for byte what {@link TemplateRenderer} (which the other
 * boot-script tests use) makes. A root module without providers needs no registry, so this runs offline.
 * Skipped, with the reason printed, where there is no binary (TERRAFORM_BINARY, else terraform on PATH).
 */
class TerraformRendersLikeTheTestRendererTest {

    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path temp;

    @Test
    void theRealTemplatefileAgrees() throws Exception {
        Optional<Path> terraform = binary();
        terraform.ifPresentOrElse(t -> System.out.println("Rendering with " + t),
                () -> System.out.println("Skipping TerraformRendersLikeTheTestRendererTest: no terraform binary "
                        + "(set TERRAFORM_BINARY or put terraform on the PATH)"));
        Assumptions.assumeTrue(terraform.isPresent(), "no terraform binary");

        Map<String, Object> vars = BootTemplate.awsVars("173400000012345678", "https://203.0.113.10:8443",
                "sk-benchfleet-render-0123456789", "ab".repeat(32));
        vars.put("orchestrator_cert_pem", "-----BEGIN CERTIFICATE-----\nMIIBfake$${x}%{y}\n-----END CERTIFICATE-----");
        Files.writeString(temp.resolve("main.tf"), """
                variable "vars_file" { type = string }
                variable "template" { type = string }
                output "rendered" { value = templatefile(var.template, jsondecode(file(var.vars_file))) }
                """);
        Path varsFile = temp.resolve("vars.json");
        new ObjectMapper().writeValue(varsFile.toFile(), vars);
        Path template = HclModule.infrastructure().resolve("shared/boot.sh.tftpl");

        run(terraform.get(), "init", "-input=false", "-no-color");
        run(terraform.get(), "apply", "-input=false", "-no-color", "-auto-approve", "-var", "vars_file=" + varsFile,
                "-var", "template=" + template);
        String rendered = run(terraform.get(), "output", "-no-color", "-raw", "rendered");

        assertThat(rendered).isEqualTo(BootTemplate.render(vars));
    }

    private String run(Path terraform, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(concat(terraform.toString(), args)).directory(temp.toFile())
                .redirectError(temp.resolve("stderr.txt").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("TF_CLI_ARGS") || k.equals("TF_WORKSPACE") || k.equals("TF_DATA_DIR"));
        env.put("TF_IN_AUTOMATION", "1");
        env.put("CHECKPOINT_DISABLE", "1");
        Path out = temp.resolve("stdout.txt");
        builder.redirectOutput(out.toFile());
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("terraform " + args[0] + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("terraform " + args[0] + ": " + Files.readString(temp.resolve("stderr.txt")))
                .isZero();
        return stdout;
    }

    private static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.Arrays.stream(rest)).toList();
    }

    private static Optional<Path> binary() {
        String configured = System.getenv("TERRAFORM_BINARY");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "terraform");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
