package dev.benchfleet.core.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.Secret;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerraformEnvironmentTest {

    @Test
    void scrubsWhatChangesTerraformBehindOurBackAndAddsAutomationSettings() {
        Environment parent = Environment.of(Map.of(
                "PATH", "/usr/bin", "HOME", "/home/u", "AWS_PROFILE", "bench",
                "TF_CLI_ARGS", "-lock=false", "TF_CLI_ARGS_apply", "-parallelism=1", "TF_WORKSPACE", "other",
                "TF_DATA_DIR", "/elsewhere", "TF_VAR_api_key", "inherited", "TF_LOG", "TRACE", "TF_INPUT", "1"))
                .with("TF_LOG_PATH", "/tmp/tf.log");

        Map<String, String> child = Terraform.childEnvironment(parent, Map.of("api_key", Secret.of("k-123")),
                Path.of("/cache"));

        assertThat(child).doesNotContainKeys("TF_CLI_ARGS", "TF_CLI_ARGS_apply", "TF_WORKSPACE", "TF_DATA_DIR",
                        "TF_LOG", "TF_LOG_PATH")
                .containsEntry("PATH", "/usr/bin").containsEntry("HOME", "/home/u").containsEntry("AWS_PROFILE", "bench")
                .containsEntry("TF_IN_AUTOMATION", "1").containsEntry("TF_INPUT", "0")
                .containsEntry("CHECKPOINT_DISABLE", "1").containsEntry("TF_PLUGIN_CACHE_DIR", "/cache")
                .containsEntry("TF_VAR_api_key", "k-123");
    }
}
