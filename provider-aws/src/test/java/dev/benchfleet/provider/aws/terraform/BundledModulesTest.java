package dev.benchfleet.provider.aws.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.benchfleet.core.terraform.TerraformModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider jar carries each root module as one self-contained folder, read with core's
 * {@link TerraformModule#fromClasspath}: the runner module with the shared boot template inside it (the
 * module finds it there: {@code local.shared_dir}), and the network module on its own.
 */
class BundledModulesTest {

    private static final String ROOT = "dev/benchfleet/provider/aws/terraform/";
    private static final Path INFRA = HclModule.infrastructure();

    @TempDir
    Path temp;

    @Test
    void theRunnerModuleIsSelfContained() throws IOException {
        TerraformModule runners = TerraformModule.fromClasspath("aws", getClass().getClassLoader(), ROOT + "runners");
        Map<String, Path> expected = new TreeMap<>();
        try (Stream<Path> files = Files.list(INFRA.resolve("aws"))) {
            files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".tf") || f.toString().endsWith(".sh"))
                    .forEach(f -> expected.put(f.getFileName().toString(), f));
        }
        expected.put("tests/runners.tftest.hcl", INFRA.resolve("aws/tests/runners.tftest.hcl"));
        expected.put("shared/boot.sh.tftpl", INFRA.resolve("shared/boot.sh.tftpl"));
        assertThat(runners.files()).containsExactlyInAnyOrderElementsOf(expected.keySet());

        runners.copyTo(temp.resolve("run"));
        for (Map.Entry<String, Path> file : expected.entrySet()) {
            assertThat(Files.readAllBytes(temp.resolve("run").resolve(file.getKey()))).as(file.getKey())
                    .isEqualTo(Files.readAllBytes(file.getValue()));
        }
        // The copy finds the template in shared/, the repository in ../shared.
        assertThat(Files.readString(INFRA.resolve("aws/main.tf")))
                .contains("shared_dir      = fileexists(\"${path.module}/shared/boot.sh.tftpl\") ? \"${path.module}/shared\" : \"${path.module}/../shared\"");
    }

    @Test
    void theNetworkModuleIsItsOwnFolder() throws IOException {
        TerraformModule network = TerraformModule.fromClasspath("aws-network", getClass().getClassLoader(), ROOT + "network");
        assertThat(network.files()).containsExactlyInAnyOrder("main.tf", "outputs.tf", "variables.tf", "versions.tf");
        network.copyTo(temp.resolve("network"));
        assertThat(Files.readAllBytes(temp.resolve("network/main.tf")))
                .isEqualTo(Files.readAllBytes(INFRA.resolve("aws/network/main.tf")));
    }

    @Test
    void theRunnerDockerfileIsInTheJar() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/dev/benchfleet/provider/aws/Dockerfile")) {
            assertThat(in).isNotNull();
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(INFRA.resolveSibling("task-runner").resolve("Dockerfile")));
        }
    }
}
