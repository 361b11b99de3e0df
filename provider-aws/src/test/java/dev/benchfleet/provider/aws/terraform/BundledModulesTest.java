package dev.benchfleet.provider.aws.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The provider jar carries the Terraform modules and the runner Dockerfile exactly as they are in the repository. */
class BundledModulesTest {

    private static final String PREFIX = "/dev/benchfleet/provider/aws/terraform/";

    @Test
    void everyModuleFileIsInTheJarUnchanged() throws IOException {
        Path infrastructure = TerraformModule.infrastructure();
        List<Path> files;
        try (Stream<Path> walk = Stream.concat(Files.walk(infrastructure.resolve("aws")), Files.walk(infrastructure.resolve("shared")))) {
            files = walk.filter(Files::isRegularFile).filter(BundledModulesTest::shipped).toList();
        }
        assertThat(files).extracting(f -> infrastructure.relativize(f).toString())
                .contains("aws/main.tf", "aws/variables.tf", "aws/outputs.tf", "aws/versions.tf", "aws/boot-cloud.sh",
                        "aws/network/main.tf", "aws/tests/runners.tftest.hcl", "shared/boot.sh.tftpl");
        for (Path file : files) {
            String resource = PREFIX + infrastructure.relativize(file).toString().replace('\\', '/');
            assertThat(bytes(resource)).as(resource).isEqualTo(Files.readAllBytes(file));
        }
    }

    @Test
    void theRunnerDockerfileIsInTheJar() throws IOException {
        assertThat(bytes("/dev/benchfleet/provider/aws/Dockerfile"))
                .isEqualTo(Files.readAllBytes(TerraformModule.infrastructure().resolveSibling("task-runner").resolve("Dockerfile")));
    }

    /** What the pom leaves out: Terraform's working files from a run by hand, and dotfiles. */
    private static boolean shipped(Path file) {
        String path = file.toString().replace('\\', '/');
        String name = file.getFileName().toString();
        return !path.contains("/.terraform/") && !name.startsWith(".") && !name.contains(".tfstate")
                && !name.endsWith(".tfvars") && !name.endsWith(".tfvars.json");
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = BundledModulesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the classpath").isNotNull();
            return in.readAllBytes();
        }
    }
}
