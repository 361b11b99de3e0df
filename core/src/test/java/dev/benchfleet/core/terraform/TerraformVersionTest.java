package dev.benchfleet.core.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TerraformVersionTest {

    private final TerraformBinary binary = new TerraformBinary(Path.of("/opt/tf/terraform"), "terraform");

    @Test
    void readsVersionJsonOfTerraformAndOpenTofu() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        TerraformVersion terraform = TerraformVersion.fromJson("terraform", mapper.readTree(
                "{\"terraform_version\":\"1.11.4\",\"platform\":\"linux_amd64\",\"provider_selections\":{},\"terraform_outdated\":false}"));
        assertThat(terraform).isEqualTo(new TerraformVersion("terraform", 1, 11, 4, "1.11.4", "linux_amd64"));
        assertThat(terraform.problem(binary)).isEmpty();

        TerraformVersion tofu = TerraformVersion.fromJson("tofu", mapper.readTree("{\"terraform_version\":\"1.8.0-rc1\"}"));
        assertThat(tofu.minor()).isEqualTo(8);
        assertThat(tofu.isAtLeast(TerraformVersion.MINIMUM)).isTrue();
    }

    @Test
    void olderThanOnePointFiveIsAProblemWithTheInstallHint() {
        TerraformVersion old = TerraformVersion.parse("terraform", "1.4.7", "");
        assertThat(old.isAtLeast(TerraformVersion.MINIMUM)).isFalse();
        assertThat(old.problem(binary)).get().satisfies(p -> {
            assertThat(p.path()).isEqualTo("env TERRAFORM_BINARY");
            assertThat(p.message()).contains("/opt/tf/terraform is terraform 1.4.7", "needs 1.5.0 or newer",
                    "developer.hashicorp.com/terraform/install");
        });
        assertThat(TerraformVersion.parse("terraform", "v0.12.31", "").isAtLeast(TerraformVersion.MINIMUM)).isFalse();
        assertThat(TerraformVersion.parse("terraform", "2.0", "").isAtLeast(TerraformVersion.MINIMUM)).isTrue();
        assertThat(TerraformVersion.parse("terraform", "1.5.0", "").isAtLeast(TerraformVersion.MINIMUM)).isTrue();
    }

    @Test
    void garbageIsNotAVersion() {
        assertThatThrownBy(() -> TerraformVersion.parse("terraform", "Terraform", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
