package dev.benchfleet.terraformcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A module written in many HCL forms our modules do not use yet (three providers, provider aliases,
 * dynamic blocks with and without an iterator, "attributes as blocks", splats, heredoc templates with
 * directives, object and list for expressions, a local child module, provisioners with self, count):
 * clean as written (no false findings), and each fault injected into one of those forms is found.
 */
class ManyFormsTest {

    private static final Path MODULE = Path.of("src/test/resources/modules/many-forms").toAbsolutePath();

    @BeforeAll
    static void schemasPresent() {
        RealSchemas.loadOrSkip();
    }

    @Test
    void theModuleAsWrittenHasNoFindings() {
        CheckRun run = CheckRun.of("--offline", MODULE.toString(), MODULE.resolve("child").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("value = aws_instance.web[*].public_ip", "value = aws_instance.web[*].public_ipp",
                        "`public_ipp` is not an attribute of `aws_instance` (in `aws_instance.web.public_ipp`); did you mean `public_ip`?"),
                Arguments.of("command = \"echo ${self.public_ip}\"", "command = \"echo ${self.public_dnss}\"",
                        "`public_dnss` is not an attribute of `aws_instance` (in `self.public_dnss`); did you mean `public_dns`?"),
                Arguments.of("    region ${var.region}", "    region ${var.regio}", "`var.regio` is not declared; did you mean `var.region`?"),
                Arguments.of("value = module.child.answer", "value = module.child.answr",
                        "`answr` is not an output of module `child`; did you mean `answer`?"),
                Arguments.of("{ for i, n in var.names : n => i }", "{ for i, n in var.names : n => local.nope }",
                        "`local.nope` is not declared; did you mean `local.by_name`?"),
                Arguments.of("      cidr_blocks = [egress.value.cidr]", "      cidr_blocks = [egress.value.cidr]\n      prefix_list = []",
                        "`prefix_list` is not an argument of block `egress` of `aws_security_group`; did you mean `prefix_list_ids`?"),
                Arguments.of("dynamic \"ingress\" {", "dynamic \"ingres\" {",
                        "dynamic block `ingres` generates no block of `aws_security_group`; did you mean `ingress`?"),
                Arguments.of("data \"aws_caller_identity\" \"me\" {}", "data \"aws_caller_identity\" \"me\" {}\n\nresoure \"aws_vpc\" \"x\" {}",
                        "`resoure` is not a Terraform block type; did you mean `resource`?"),
                Arguments.of("  byte_length = 4\n", "\n", "required argument `byte_length` of `random_id` is not set"),
                Arguments.of("  algorithm = \"ED25519\"", "  algorithm = \"ED25519\"\n  public_key_pem = \"x\"",
                        "`public_key_pem` is a read-only attribute of `tls_private_key` (computed by the provider); it cannot be set"),
                Arguments.of("    create_before_destroy = true", "    create_before_destroy = true\n    prevent_destroi = true",
                        "`prevent_destroi` is not an argument of the lifecycle of `aws_security_group`; did you mean `prevent_destroy`?"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("faults")
    void aFaultInOneOfTheFormsIsFound(String original, String faulty, String message, @TempDir Path temp) throws IOException {
        Path copy = temp.resolve("many-forms");
        Files.createDirectories(copy.resolve("child"));
        for (String file : new String[] {"main.tf", "user.tftpl", "child/main.tf"}) {
            Files.copy(MODULE.resolve(file), copy.resolve(file));
        }
        String text = Files.readString(copy.resolve("main.tf"), StandardCharsets.UTF_8);
        assertThat(text).contains(original);
        Files.writeString(copy.resolve("main.tf"), text.replace(original, faulty), StandardCharsets.UTF_8);

        CheckRun run = CheckRun.of("--offline", copy.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).as(run.toString()).containsPattern("main\\.tf:\\d+: \\Q" + message + "\\E");
    }
}
