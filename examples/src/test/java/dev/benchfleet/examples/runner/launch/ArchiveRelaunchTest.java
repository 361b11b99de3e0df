package dev.benchfleet.examples.runner.launch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveRelaunchTest {

    private static final String VM = "17.0.15+6-Debian-1deb12u1";
    private static final Path JAVA_HOME = Path.of("/opt/jdk");

    @TempDir
    Path dir;

    private Path jar;
    private final Map<String, String> env = new HashMap<>();
    private List<String> jvmCommandLine;

    @BeforeEach
    void buildOutput() throws Exception {
        jar = Files.writeString(dir.resolve("runner.jar"), "jar");
        Files.writeString(dir.resolve(ArchiveRelaunch.ARCHIVE), "archive");
        Files.writeString(dir.resolve(ArchiveRelaunch.ARCHIVE_VM), VM + "\n");
        jvmCommandLine = List.of("-jar", "examples/runner.jar", "-c", "run.json");
    }

    @Test
    void thePlainCommandRestartsWithTheArchiveByTheJarsAbsolutePathAndTheSameArguments() {
        Path relative = dir.resolve("sub/../runner.jar");

        Optional<List<String>> command = decide("Linux", relative, "-c", "run.json");

        assertThat(command).contains(List.of(JAVA_HOME.resolve("bin/java").toString(),
                "-XX:SharedArchiveFile=" + dir.resolve("runner.jsa"), "-Xshare:auto", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-XX:TieredStopAtLevel=1", "-Dbenchfleet.relaunched-by=4242", "-jar", jar.toString(),
                "-c", "run.json"));
    }

    @Test
    void theChildsOwnCommandLineHasOptionsBeforeTheJarSoItNeverRestartsAgain() {
        List<String> child = decide("Linux", jar, "-c", "run.json").orElseThrow();
        jvmCommandLine = child.subList(1, child.size());

        assertThat(decide("Linux", jar, "-c", "run.json")).isEmpty();
    }

    @Test
    void anyJvmOptionOfTheUserKeepsTheCommandInThisJvm() {
        jvmCommandLine = List.of("-Xmx2g", "-jar", "examples/runner.jar");
        assertThat(decide("Linux", jar)).isEmpty();

        jvmCommandLine = List.of("-jar", "examples/runner.jar");
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            env.clear();
            env.put(variable, "-XX:ArchiveClassesAtExit=x.jsa");
            assertThat(decide("Linux", jar)).as(variable).isEmpty();
        }
        env.clear();
        env.put("JAVA_TOOL_OPTIONS", " ");
        assertThat(decide("Linux", jar)).as("blank counts as unset").isPresent();
    }

    @Test
    void anUnknownCommandLineKeepsTheCommandInThisJvm() {
        jvmCommandLine = null;
        assertThat(decide("Linux", jar)).isEmpty();
    }

    @Test
    void onlyOnLinux() {
        assertThat(decide("Windows 11", jar)).isEmpty();
        assertThat(decide("Mac OS X", jar)).isEmpty();
    }

    @Test
    void theSwitchTurnsItOffAndRejectsAnythingButOnAndOff() {
        env.put(ArchiveRelaunch.SWITCH, "off");
        assertThat(decide("Linux", jar)).isEmpty();
        env.put(ArchiveRelaunch.SWITCH, "on");
        assertThat(decide("Linux", jar)).isPresent();
        env.put(ArchiveRelaunch.SWITCH, "no");
        assertThatThrownBy(() -> decide("Linux", jar)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BENCHFLEET_CLASS_DATA_SHARING must be on or off, got 'no'");
    }

    @Test
    void noArchiveOrAnArchiveOfAnotherJvmBuildKeepsTheCommandInThisJvm() throws Exception {
        Files.writeString(dir.resolve(ArchiveRelaunch.ARCHIVE_VM), "17.0.14+7\n");
        assertThat(decide("Linux", jar)).as("another JVM build").isEmpty();

        Files.delete(dir.resolve(ArchiveRelaunch.ARCHIVE_VM));
        assertThat(decide("Linux", jar)).as("no record of the JVM").isEmpty();

        Files.writeString(dir.resolve(ArchiveRelaunch.ARCHIVE_VM), VM);
        Files.delete(dir.resolve(ArchiveRelaunch.ARCHIVE));
        assertThat(decide("Linux", jar)).as("no archive").isEmpty();
    }

    @Test
    void classesOutsideAJarKeepTheCommandInThisJvm() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertThat(decide("Linux", classes)).isEmpty();
    }

    private Optional<List<String>> decide(String os, Path jarPath, String... args) {
        return ArchiveRelaunch.childCommand(new ArchiveRelaunch.Facts(os, Map.copyOf(env),
                Optional.ofNullable(jvmCommandLine), Optional.of(jarPath), JAVA_HOME, VM, 4242), List.of(args));
    }
}
