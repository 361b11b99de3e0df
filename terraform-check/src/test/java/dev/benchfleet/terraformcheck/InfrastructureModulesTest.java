package dev.benchfleet.terraformcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.benchfleet.terraformcheck.check.Finding;
import dev.benchfleet.terraformcheck.check.ModuleChecker;
import dev.benchfleet.terraformcheck.module.ModuleReader;
import dev.benchfleet.terraformcheck.schema.ProviderPackage;
import dev.benchfleet.terraformcheck.schema.ProviderSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Terraform module in {@code infrastructure/} (every folder holding {@code .tf} files, found anew on
 * each run, so modules added later are checked too) passes terraform-check against the real schemas.
 */
class InfrastructureModulesTest {

    private static Map<String, ProviderSchema> schemas;

    @BeforeAll
    static void loadSchemas() {
        schemas = RealSchemas.loadOrSkip();
    }

    static List<Path> moduleFolders() throws IOException {
        try (Stream<Path> all = Files.walk(RealSchemas.infrastructure())) {
            return all.filter(Files::isDirectory).filter(ModuleReader::hasTerraformFiles).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyModuleIsClean() throws IOException {
        List<Path> folders = moduleFolders();
        assertThat(folders).as("modules under " + RealSchemas.infrastructure())
                .contains(RealSchemas.infrastructure().resolve("aws"), RealSchemas.infrastructure().resolve("aws/network"));
        ModuleChecker checker = new ModuleChecker(schemas, ProviderPackage.PINNED);
        return folders.stream().map(folder -> DynamicTest.dynamicTest(
                RealSchemas.infrastructure().getParent().relativize(folder).toString(), () -> {
                    List<Finding> findings = checker.check(new ModuleReader().read(folder));
                    assertThat(findings).as("terraform-check findings in " + folder).isEmpty();
                }));
    }

    /** The command a user runs, over all modules at once, from the cache only. */
    @Test
    void theCommandLineOverAllModulesExitsZero() throws IOException {
        CheckRun run = CheckRun.of("--offline", "-r", RealSchemas.infrastructure().toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("terraform-check: " + moduleFolders().size() + " modules, no findings");
    }
}
