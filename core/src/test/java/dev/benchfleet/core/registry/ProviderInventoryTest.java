package dev.benchfleet.core.registry;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.SpiVersion;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.spi.ValidationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Provider folders with real jars, compiled here: what loads, what is skipped with a warning, what stops a run. */
class ProviderInventoryTest {

    private static final ClassLoader NO_BUILT_INS = ClassLoader.getPlatformClassLoader();

    @TempDir
    Path dir;

    private ProviderInventory load(Path... folders) {
        return ProviderInventory.load(NO_BUILT_INS, "9.9.9",
                List.of(folders).stream().map(folder -> new ProviderFolder(folder, "test", true)).toList());
    }

    @Test
    void aJarInAFolderIsLoadedWithItsPathVersionAndSpiVersion() {
        Path jar = ProviderJars.jar(dir.resolve("providers/hetzner-1.2.jar")).provider("com.example.Hetzner", "hetzner")
                .manifest("Implementation-Version", "1.2.0").build();

        ProviderInventory inventory = load(dir.resolve("providers"));

        assertThat(inventory.warnings()).isEmpty();
        assertThat(inventory.problems()).isEmpty();
        assertThat(inventory.providers()).singleElement().satisfies(provider -> {
            assertThat(provider.name()).isEqualTo("hetzner");
            assertThat(provider.jar()).contains(jar.toAbsolutePath());
            assertThat(provider.origin()).isEqualTo(jar.toAbsolutePath().toString());
            assertThat(provider.builtIn()).isFalse();
            assertThat(provider.version()).isEqualTo("1.2.0");
            assertThat(provider.spiVersion()).isEqualTo(SpiVersion.CURRENT);
            assertThat(provider.className()).isEqualTo("com.example.Hetzner");
        });
        TaskRunnerProvider hetzner = inventory.registry().get("hetzner");
        assertThat(hetzner.phase().configName()).isEqualTo("post_run");
    }

    @Test
    void filesThatAreNotJarsAreIgnoredSilently() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("providers"));
        Files.writeString(folder.resolve("README.txt"), "not a provider");
        Files.writeString(folder.resolve("hetzner.jar.sha256"), "abc");
        Files.createDirectories(folder.resolve("empty-folder"));
        Files.writeString(Files.createDirectories(folder.resolve("docs")).resolve("notes.md"), "# notes");
        Files.writeString(folder.resolve(".hidden.jar"), "an editor's backup");

        ProviderInventory inventory = load(folder);

        assertThat(inventory.warnings()).isEmpty();
        assertThat(inventory.problems()).isEmpty();
        assertThat(inventory.providers()).isEmpty();
    }

    @Test
    void aCorruptJarIsSkippedWithOneWarningNamingIt() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("providers"));
        Path corrupt = Files.write(folder.resolve("broken.jar"), new byte[]{'P', 'K', 3, 4, 1, 2, 3});
        Files.write(folder.resolve("empty.jar"), new byte[0]);
        ProviderJars.jar(folder.resolve("good.jar")).provider("com.example.Good", "good").build();

        ProviderInventory inventory = load(folder);

        assertThat(inventory.warnings()).hasSize(2);
        assertThat(inventory.warnings().get(0)).startsWith("skipped " + corrupt.toAbsolutePath() + ": not a readable jar");
        assertThat(inventory.warnings().get(1)).startsWith("skipped " + folder.resolve("empty.jar").toAbsolutePath());
        assertThat(inventory.problems()).isEmpty();
        assertThat(inventory.providers()).extracting(LoadedProvider::name).containsExactly("good");
    }

    @Test
    void aJarWithoutAProviderIsSkippedWithOneWarningNamingIt() {
        Path library = ProviderJars.jar(dir.resolve("providers/commons-lib.jar"))
                .source("com.example.lib.Util", "package com.example.lib; public final class Util {}").build();

        ProviderInventory inventory = load(dir.resolve("providers"));

        assertThat(inventory.warnings()).containsExactly("skipped " + library.toAbsolutePath()
                + ": no task runner provider in it (no META-INF/services/dev.benchfleet.core.spi.TaskRunnerProvider)");
        assertThat(inventory.problems()).isEmpty();
        assertThat(inventory.registry().names()).isEmpty();
    }

    @Test
    void aProviderWhoseConstructorThrowsStopsTheRunNamingTheJarAndWhy() {
        Path jar = ProviderJars.jar(dir.resolve("providers/gcp.jar"))
                .source("com.example.Gcp", ProviderJars.provider("com.example.Gcp", "gcp", "CURRENT",
                        "throw new IllegalStateException(\"no gcloud config found\");", ""))
                .service("com.example.Gcp").build();

        ProviderInventory inventory = load(dir.resolve("providers"));

        assertThat(inventory.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo(jar.toAbsolutePath().toString());
            assertThat(problem.message()).contains("com.example.Gcp cannot be created: its constructor threw")
                    .contains("IllegalStateException: no gcloud config found");
        });
        assertThatThrownBy(inventory::registry).isInstanceOf(ConfigException.class)
                .hasMessageContaining(jar.toAbsolutePath().toString()).hasMessageContaining("no gcloud config found");
    }

    @Test
    void aProviderBuiltAgainstAnotherMajorSpiIsRefusedNamingTheJarAndBothVersions() {
        String future = (Integer.parseInt(SpiVersion.CURRENT.substring(0, SpiVersion.CURRENT.indexOf('.'))) + 1) + ".0";
        Path jar = ProviderJars.jar(dir.resolve("providers/future.jar"))
                .source("com.example.Future", ProviderJars.provider("com.example.Future", "future", future, "", ""))
                .service("com.example.Future").build();

        ProviderInventory inventory = load(dir.resolve("providers"));

        assertThat(inventory.providers()).isEmpty();
        assertThat(inventory.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo(jar.toAbsolutePath().toString());
            assertThat(problem.message()).contains("com.example.Future is built against SPI " + future)
                    .contains("this runner's SPI is " + SpiVersion.CURRENT);
        });
    }

    @Test
    void aProviderBuiltAgainstANewerMinorSpiIsRefused() {
        String newer = SpiVersion.CURRENT.substring(0, SpiVersion.CURRENT.indexOf('.')) + ".999";
        ProviderJars.jar(dir.resolve("providers/newer.jar"))
                .source("com.example.Newer", ProviderJars.provider("com.example.Newer", "newer", newer, "", ""))
                .service("com.example.Newer").build();

        ProviderInventory inventory = load(dir.resolve("providers"));

        assertThat(inventory.problems()).singleElement().extracting(Problem::message).asString()
                .contains("built against SPI " + newer + ", newer than this runner's SPI " + SpiVersion.CURRENT);
    }

    @Test
    void aProviderThatDeclaresNoSpiVersionIsRefused() {
        ProviderJars.jar(dir.resolve("providers/old.jar"))
                .source("com.example.Old", ProviderJars.provider("com.example.Old", "old", null, "", ""))
                .service("com.example.Old").build();

        ProviderInventory inventory = load(dir.resolve("providers"));

        assertThat(inventory.problems()).singleElement().extracting(Problem::message).asString()
                .contains("does not say which SPI it is built against").contains("@SpiVersion(SpiVersion.CURRENT)");
    }

    @Test
    void aListedClassThatIsMissingStopsTheRun() {
        Path jar = ProviderJars.jar(dir.resolve("providers/typo.jar")).service("com.example.Tpyo").build();

        ProviderInventory inventory = load(dir.resolve("providers"));

        assertThat(inventory.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo(jar.toAbsolutePath().toString());
            assertThat(problem.message()).contains("com.example.Tpyo").contains("no such class");
        });
    }

    @Test
    void twoJarsWithOneProviderNameStopTheRunNamingBothJars() {
        Path first = ProviderJars.jar(dir.resolve("a/hetzner.jar")).provider("com.example.Hetzner", "hetzner").build();
        Path second = ProviderJars.jar(dir.resolve("b/hetzner-copy.jar")).provider("org.other.Hetzner", "hetzner").build();

        ProviderInventory inventory = load(dir.resolve("a"), dir.resolve("b"));

        assertThat(inventory.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("provider 'hetzner'");
            assertThat(problem.message()).contains(first.toAbsolutePath() + " (com.example.Hetzner)")
                    .contains(second.toAbsolutePath() + " (org.other.Hetzner)");
        });
        assertThatThrownBy(inventory::registry).isInstanceOf(ConfigException.class)
                .hasMessageContaining(first.toAbsolutePath().toString()).hasMessageContaining(second.toAbsolutePath().toString());
    }

    @Test
    void aJarThatClashesWithABuiltInProviderStopsTheRunNamingBoth() {
        // The test class path has core's fixture provider "echo" registered with @AutoService.
        Path jar = ProviderJars.jar(dir.resolve("providers/echo.jar")).provider("com.example.Echo", "echo").build();

        ProviderInventory inventory = ProviderInventory.load(getClass().getClassLoader(), "9.9.9",
                List.of(new ProviderFolder(dir.resolve("providers"), "test", true)));

        assertThat(inventory.providers()).extracting(LoadedProvider::origin)
                .containsExactly("built in", jar.toAbsolutePath().toString());
        assertThat(inventory.providers().get(0).version()).isEqualTo("9.9.9");
        assertThat(inventory.problems()).singleElement().extracting(Problem::message).asString()
                .contains("built in (dev.benchfleet.core.fixtures.EchoProvider)")
                .contains(jar.toAbsolutePath() + " (com.example.Echo)");
    }

    @Test
    void aNameThatCannotBeAConfigKeyStopsTheRun() {
        ProviderJars.jar(dir.resolve("providers/bad.jar")).provider("com.example.Bad", "Bad Name").build();

        ProviderInventory inventory = load(dir.resolve("providers"));

        assertThat(inventory.problems()).singleElement().extracting(Problem::toString).asString()
                .contains("com.example.Bad").contains("bad.jar").contains("unusable name 'Bad Name'");
    }

    @Test
    void aFolderOfJarsIsOneProviderWithItsOwnDependencies() {
        Path lib = ProviderJars.jar(dir.resolve("providers/hetzner/hcloud-client-3.0.jar"))
                .source("com.example.hcloud.Client", """
                        package com.example.hcloud;
                        public final class Client { public static String hello() { return "hcloud 3.0"; } }
                        """).build();
        Path providerJar = ProviderJars.jar(dir.resolve("providers/hetzner/hetzner-provider.jar"))
                .source("com.example.Hetzner", ProviderJars.provider("com.example.Hetzner", "hetzner", "CURRENT", "",
                        "@Override public java.util.List<String> describe(ValidationContext c) {"
                                + " return java.util.List.of(com.example.hcloud.Client.hello()); }"))
                .service("com.example.Hetzner").classPath(lib).manifest("Implementation-Version", "0.3.0").build();

        ProviderInventory inventory = load(dir.resolve("providers"));

        assertThat(inventory.warnings()).isEmpty();
        assertThat(inventory.problems()).isEmpty();
        LoadedProvider hetzner = inventory.find("hetzner").orElseThrow();
        assertThat(hetzner.jar()).contains(providerJar.toAbsolutePath());
        assertThat(hetzner.version()).isEqualTo("0.3.0");
        assertThat(hetzner.provider().describe(null)).containsExactly("hcloud 3.0");
    }

    @Test
    void aProviderSeesItsOwnCopyOfALibraryAndNothingElseOfTheRunner() {
        // commons-compress is on this test's class path, as it is in the runner; the provider brings a class
        // of the same name, and must get its own. Jackson and the SPI are shared; other runner classes are not visible.
        String members = """
                @Override public java.util.List<String> describe(ValidationContext c) {
                    java.util.List<String> seen = new java.util.ArrayList<>();
                    seen.add(org.apache.commons.compress.archivers.tar.TarArchiveEntry.WHO);
                    try { Class.forName("org.apache.commons.compress.archivers.zip.ZipFile"); seen.add("runner's zip visible"); }
                    catch (ClassNotFoundException e) { seen.add("runner's zip hidden"); }
                    try { Class.forName("com.fasterxml.jackson.databind.ObjectMapper"); seen.add("jackson shared"); }
                    catch (ClassNotFoundException e) { seen.add("jackson hidden"); }
                    seen.add(CONTEXT);
                    return seen;
                }
                private static final String CONTEXT = String.valueOf(Thread.currentThread().getContextClassLoader());
                """;
        ProviderJars.jar(dir.resolve("providers/own-compress.jar"))
                .source("org.apache.commons.compress.archivers.tar.TarArchiveEntry", """
                        package org.apache.commons.compress.archivers.tar;
                        public final class TarArchiveEntry { public static final String WHO = "provider's own copy"; }
                        """)
                .source("com.example.Own", ProviderJars.provider("com.example.Own", "own", "CURRENT", "", members))
                .service("com.example.Own").build();
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        ProviderInventory inventory = load(dir.resolve("providers"));
        List<String> seen = inventory.find("own").orElseThrow().provider().describe(null);

        assertThat(inventory.problems()).isEmpty();
        assertThat(seen).containsExactly("provider's own copy", "runner's zip hidden", "jackson shared",
                "ProviderClassLoader[" + dir.resolve("providers/own-compress.jar").toAbsolutePath() + "]");
        assertThat(Thread.currentThread().getContextClassLoader()).as("the caller's context class loader is back")
                .isSameAs(before);
        assertThat(inventory.find("own").orElseThrow().provider().getClass().getClassLoader())
                .isInstanceOf(ProviderClassLoader.class);
    }

    @Test
    void theSpiAndItsTypesAlwaysComeFromTheRunnerEvenWhenTheJarBundlesCore() throws Exception {
        Path jar = ProviderJars.jar(dir.resolve("fat.jar"))
                .source("dev.benchfleet.core.spi.ValidationContext", """
                        package dev.benchfleet.core.spi;
                        public final class ValidationContext { }
                        """).build();

        try (ProviderClassLoader loader = new ProviderClassLoader("fat", List.of(jar.toUri().toURL()),
                TaskRunnerProvider.class.getClassLoader())) {
            assertThat(loader.loadClass(ValidationContext.class.getName())).isSameAs(ValidationContext.class);
            assertThat(loader.loadClass(TaskRunnerProvider.class.getName())).isSameAs(TaskRunnerProvider.class);
            assertThat(loader.loadClass("org.slf4j.Logger")).isSameAs(org.slf4j.Logger.class);
            assertThat(loader.loadClass("java.util.List")).isSameAs(List.class);
            assertThatThrownBy(() -> loader.loadClass("org.junit.jupiter.api.Test")).as("the runner's other classes")
                    .isInstanceOf(ClassNotFoundException.class);
            assertThat(loader.getResource("dev/benchfleet/core/spi/ValidationContext.class"))
                    .isEqualTo(TaskRunnerProvider.class.getClassLoader().getResource("dev/benchfleet/core/spi/ValidationContext.class"));
            assertThat(loader.getResources(ProviderInventory.SERVICES_ENTRY).hasMoreElements())
                    .as("the runner's own services files are not the provider's").isFalse();
        }
    }

    @Test
    void aFolderNamedTwiceCountsOnceAndAMissingExplicitFolderIsAWarning() {
        ProviderJars.jar(dir.resolve("providers/hetzner.jar")).provider("com.example.Hetzner", "hetzner").build();

        ProviderInventory inventory = ProviderInventory.load(NO_BUILT_INS, "9.9.9", List.of(
                new ProviderFolder(dir.resolve("providers"), "next to runner.jar", false),
                new ProviderFolder(dir.resolve("absent-default"), "~/.benchfleet/providers", false),
                new ProviderFolder(dir.resolve("providers/../providers"), "--provider-path", true),
                new ProviderFolder(dir.resolve("typo"), "--provider-path", true)));

        assertThat(inventory.problems()).isEmpty();
        assertThat(inventory.providers()).extracting(LoadedProvider::name).containsExactly("hetzner");
        assertThat(inventory.warnings()).containsExactly(
                "provider folder " + dir.resolve("typo").toAbsolutePath() + " (--provider-path) does not exist");
    }

    @Test
    void aSingleJarCanBeNamedInsteadOfAFolder() {
        Path jar = ProviderJars.jar(dir.resolve("somewhere/hetzner.jar")).provider("com.example.Hetzner", "hetzner").build();

        ProviderInventory inventory = load(jar);

        assertThat(inventory.providers()).extracting(LoadedProvider::origin).containsExactly(jar.toAbsolutePath().toString());
    }
}
