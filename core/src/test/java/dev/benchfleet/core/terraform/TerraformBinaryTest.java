package dev.benchfleet.core.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.spi.Environment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookup with a controlled PATH: never this machine's own terraform. */
class TerraformBinaryTest {

    @TempDir
    Path dir;

    @Test
    void prefersTerraformBinaryThenTerraformThenTofuOnThePath() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Path tofu = executable(first.resolve("tofu"));
        Path terraform = executable(second.resolve("terraform"));
        String path = first + File.pathSeparator + second;

        assertThat(TerraformBinary.lookup(env("PATH", path)).binary())
                .contains(new TerraformBinary(terraform, "terraform"));
        Files.delete(terraform);
        assertThat(TerraformBinary.lookup(env("PATH", path)).binary()).contains(new TerraformBinary(tofu, "tofu"));

        Path explicit = executable(dir.resolve("my-terraform"));
        assertThat(TerraformBinary.lookup(Environment.of(Map.of("PATH", path, "TERRAFORM_BINARY", explicit.toString())))
                .binary()).contains(new TerraformBinary(explicit, "terraform"));
        assertThat(TerraformBinary.lookup(Environment.of(Map.of("PATH", path, "TERRAFORM_BINARY", "tofu"))).binary())
                .contains(new TerraformBinary(tofu, "tofu"));
    }

    @Test
    void missingBinaryIsAProblemWithTheInstallHint() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("terraform"), "not executable"); // present but not executable: skipped

        TerraformBinary.Lookup lookup = TerraformBinary.lookup(env("PATH", empty.toString()));
        assertThat(lookup.binary()).isEmpty();
        assertThat(lookup.problem()).get().satisfies(p -> {
            assertThat(p.path()).isEqualTo("env PATH");
            assertThat(p.message()).contains("neither terraform nor tofu", "TERRAFORM_BINARY", "install");
        });
        assertThatThrownBy(() -> TerraformSettings.fromEnvironment(env("PATH", empty.toString())))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).fix()).get().asString().contains("OpenTofu"));

        assertThat(TerraformBinary.lookup(env("TERRAFORM_BINARY", dir.resolve("nope").toString())).problem()).get()
                .satisfies(p -> assertThat(p.toString()).startsWith("env TERRAFORM_BINARY: '" + dir.resolve("nope")));
    }

    @Test
    void pluginCacheDefaultsUnderHomeAndCanBeMoved() throws IOException {
        executable(dir.resolve("terraform"));
        assertThat(TerraformSettings.fromEnvironment(Environment.of(Map.of("PATH", dir.toString(), "HOME", "/home/u")))
                .pluginCacheDir()).isEqualTo(Path.of("/home/u/.benchfleet/terraform-plugin-cache"));
        assertThat(TerraformSettings.fromEnvironment(Environment.of(Map.of("PATH", dir.toString(),
                "BENCHFLEET_TERRAFORM_PLUGIN_CACHE", "/cache/tf"))).pluginCacheDir()).isEqualTo(Path.of("/cache/tf"));
    }

    private static Environment env(String name, String value) {
        return Environment.of(Map.of(name, value));
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
