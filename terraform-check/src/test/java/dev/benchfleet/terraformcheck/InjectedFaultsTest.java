package dev.benchfleet.terraformcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line on a copy of {@code infrastructure/} with one fault injected into an AWS module:
 * exit 1, and the output names the file, the line and the fault (with the closest valid name).
 */
class InjectedFaultsTest {

    @BeforeAll
    static void schemasPresent() {
        RealSchemas.loadOrSkip();
    }

    /**
     * @param file        the file in {@code aws/} the fault goes into
     * @param original    text replaced (must occur in the file)
     * @param faulty      its replacement
     * @param lineOf      text whose (first) line in the faulty file the finding must name
     * @param message     what the finding must say
     */
    record Fault(String name, String file, String original, String faulty, String lineOf, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                new Fault("misspelt argument", "main.tf",
                        "  instance_type                        = each.value.instance_type",
                        "  instance_typo                        = each.value.instance_type",
                        "instance_typo", "`instance_typo` is not an argument of `aws_instance`; did you mean `instance_type`?"),
                new Fault("unknown resource type", "main.tf",
                        "resource \"aws_security_group\" \"runner\" {",
                        "resource \"aws_s3_buckett\" \"logs\" {\n  bucket = \"benchfleet-logs\"\n}\n\nresource \"aws_security_group\" \"runner\" {",
                        "aws_s3_buckett", "`aws_s3_buckett` is not a resource type of hashicorp/aws 6.25.0; did you mean `aws_s3_bucket`?"),
                new Fault("missing required argument", "main.tf",
                        "  security_group_id = aws_security_group.runner.id\n  description       = \"SSH from ssh_cidr\"\n  ip_protocol       = \"tcp\"\n",
                        "  security_group_id = aws_security_group.runner.id\n  description       = \"SSH from ssh_cidr\"\n",
                        "resource \"aws_vpc_security_group_ingress_rule\" \"ssh\"",
                        "required argument `ip_protocol` of `aws_vpc_security_group_ingress_rule` is not set"),
                new Fault("dangling reference", "main.tf",
                        "vpc_id      = data.aws_vpcs.shared.ids[0]", "vpc_id      = data.aws_vpcs.shard.ids[0]",
                        "data.aws_vpcs.shard", "`data.aws_vpcs.shard` is not declared; did you mean `data.aws_vpcs.shared`?"),
                new Fault("template variable the template does not use", "main.tf",
                        "    provider_name          = \"aws\"\n", "    provider_name          = \"aws\"\n    provider_region        = var.region\n",
                        "provider_region", "templatefile() passes `provider_region` but the template ../shared/boot.sh.tftpl does not use it"),
                new Fault("attribute the type does not have", "outputs.tf",
                        "aws_security_group.runner.id", "aws_security_group.runner.group_id",
                        "runner.group_id", "`group_id` is not an attribute of `aws_security_group` (in `aws_security_group.runner.group_id`)"),
                new Fault("pin that excludes the schema", "versions.tf",
                        "version = \"~> 6.25\"", "version = \"~> 5.80\"",
                        "~> 5.80", "version \"~> 5.80\" of `aws` does not admit hashicorp/aws 6.25.0, the schema checked; pin \"~> 6.25\""),
                new Fault("unused variable", "variables.tf",
                        "variable \"mock\" {", "variable \"never_used\" {\n  type = string\n}\n\nvariable \"mock\" {",
                        "never_used", "variable `never_used` is declared but never used"),
                new Fault("attribute of a for expression's element", "main.tf",
                        "      zone      = machine.availability_zone", "      zone      = machine.availabilty_zone",
                        "availabilty_zone", "`availabilty_zone` is not an attribute of `aws_instance` (in `machine.availabilty_zone`); did you mean `availability_zone`?"),
                new Fault("attribute of each.value over another resource's instances", "network/main.tf",
                        "  subnet_id      = each.value.id", "  subnet_id      = each.value.subnet",
                        "each.value.subnet", "`subnet` is not an attribute of `aws_subnet` (in `each.value.subnet`)"),
                new Fault("block where an argument belongs", "main.tf",
                        "  user_data_replace_on_change = true\n", "  user_data_replace_on_change = true\n  metadata_options = {}\n",
                        "metadata_options = {}", "`metadata_options` is a block of `aws_instance`, not an argument")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aFaultIsReportedWithFileLineAndFix(Fault fault, @TempDir Path temp) throws IOException {
        Path copy = copyInfrastructure(temp);
        Path file = copy.resolve("aws").resolve(fault.file());
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).as("the fault's anchor in " + file).contains(fault.original());
        String faulty = text.replace(fault.original(), fault.faulty());
        Files.writeString(file, faulty, StandardCharsets.UTF_8);
        int line = lineOf(faulty, fault.lineOf());

        CheckRun run = CheckRun.of("--offline", file.getParent().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).as(run.toString()).contains(fault.file() + ":" + line + ": " + fault.message());
    }

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        assertThat(at).as(needle).isNotNegative();
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    private static Path copyInfrastructure(Path temp) throws IOException {
        Path source = RealSchemas.infrastructure();
        Path target = temp.resolve("infrastructure");
        try (Stream<Path> all = Files.walk(source)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(path, to);
                }
            }
        }
        return target;
    }
}
