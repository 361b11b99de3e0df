package dev.benchfleet.core.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerraformModuleTest {

    @TempDir
    Path dir;

    @Test
    void copiesTheModuleWithoutWorkingFilesIntoAPrivateFolder() throws IOException {
        Path source = Files.createDirectories(dir.resolve("module"));
        Files.writeString(source.resolve("main.tf"), "resource \"terraform_data\" \"a\" {}\n");
        Files.createDirectories(source.resolve("scripts"));
        Files.writeString(source.resolve("scripts/user-data.sh"), "#!/bin/sh\n");
        Files.createDirectories(source.resolve(".terraform/providers"));
        Files.writeString(source.resolve(".terraform/providers/x"), "binary");
        Files.writeString(source.resolve("terraform.tfstate"), "{}");
        Files.writeString(source.resolve("terraform.tfvars"), "a = 1");

        TerraformModule module = TerraformModule.fromDirectory("aws", source);
        assertThat(module.files()).containsExactly("main.tf", "scripts/user-data.sh");

        Path target = dir.resolve("run/aws/terraform");
        module.copyTo(target);
        assertThat(target.resolve("scripts/user-data.sh")).hasContent("#!/bin/sh");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(target.resolve("main.tf")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        String before = module.version();
        Files.writeString(source.resolve("main.tf"), "resource \"terraform_data\" \"b\" {}\n");
        assertThat(TerraformModule.fromDirectory("aws", source).version()).isNotEqualTo(before);
        Files.writeString(source.resolve("main.tf"), "resource \"terraform_data\" \"a\" {}\n");
        Files.writeString(source.resolve(".terraform.lock.hcl"), "# lock");
        TerraformModule withLock = TerraformModule.fromDirectory("aws", source);
        assertThat(withLock.version()).as("the lock file does not define the module").isEqualTo(before);
        assertThat(withLock.hasLockFile()).isTrue();
    }

    @Test
    void readsAModuleFromTheClassPath() {
        TerraformModule module = TerraformModule.fromClasspath("probe", getClass().getClassLoader(), "terraform");
        assertThat(module.files()).contains("apply-1.11.4.jsonl");
        assertThatThrownBy(() -> TerraformModule.fromClasspath("x", getClass().getClassLoader(), "no/such/module"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no/such/module");
    }

    @Test
    void readsAModuleFromAJarOnTheClassPath() throws Exception {
        Path jar = dir.resolve("provider.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : List.of("benchfleet/aws/terraform/", "benchfleet/aws/terraform/main.tf",
                    "benchfleet/aws/terraform/user-data.sh", "benchfleet/other.txt")) {
                out.putNextEntry(new java.util.jar.JarEntry(entry));
                if (!entry.endsWith("/")) {
                    out.write(("# " + entry + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            TerraformModule module = TerraformModule.fromClasspath("aws", loader, "benchfleet/aws/terraform");
            assertThat(module.files()).containsExactly("main.tf", "user-data.sh");
            module.copyTo(dir.resolve("copy"));
            assertThat(dir.resolve("copy/main.tf")).hasContent("# benchfleet/aws/terraform/main.tf");
        }
    }

    @Test
    void secretsNeverGoToTheVarFile() throws IOException {
        Path source = Files.createDirectories(dir.resolve("m"));
        Files.writeString(source.resolve("main.tf"), "");
        TerraformBinary missing = new TerraformBinary(dir.resolve("no-terraform"), "terraform");
        TerraformStack stack = TerraformStack.builder("aws", TerraformModule.fromDirectory("aws", source),
                TerraformSettings.defaults(missing, dir.resolve("cache")), dir.resolve("w")).build();

        assertThatThrownBy(() -> stack.apply(Map.of("api_key", Secret.of("s")), Map.of(), new CancellationToken()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pass it in secrets");
        assertThatThrownBy(() -> stack.apply(Map.of("api_key", "plain"), Map.of("api_key", Secret.of("s")),
                new CancellationToken())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both as plain values and as secrets");
        assertThat(dir.resolve("w")).doesNotExist();
    }
}
