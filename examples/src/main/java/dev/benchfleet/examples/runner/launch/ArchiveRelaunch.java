package dev.benchfleet.examples.runner.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether {@code java -jar runner.jar …} restarts itself with the class-data sharing archive the build
 * dumped next to the jar, and with which command. JDK 17 takes an archive only as a command-line option,
 * which a user typing {@code java -jar runner.jar} does not give; with it, the master's cold start
 * (some 7,000 classes from a 72 MB jar) takes about half the CPU. Only the plain command qualifies, so
 * that the child is exactly what the user asked for plus the archive: Linux (the signal forwarding reads
 * {@code /proc}), no JVM option before {@code -jar} and none in {@code JAVA_TOOL_OPTIONS},
 * {@code JDK_JAVA_OPTIONS} or {@code _JAVA_OPTIONS} (the package-time training run gives some; a child would also
 * print "Picked up …" twice), an archive and its {@code runner.jsa.vm} next to the jar, the latter naming
 * this very JVM build ({@code java.vm.version}; another build would refuse the archive anyway), and
 * {@value #SWITCH} not {@code off}.
 */
public final class ArchiveRelaunch {

    /** The environment variable that turns the relaunch off ({@code off}) or leaves it on ({@code on}, the default). */
    public static final String SWITCH = "BENCHFLEET_CLASS_DATA_SHARING";
    /** The archive's file name, next to runner.jar. */
    public static final String ARCHIVE = "runner.jsa";
    /** The file next to the archive that holds the {@code java.vm.version} of the JVM that dumped it. */
    public static final String ARCHIVE_VM = "runner.jsa.vm";
    /** The system property that gives the child its parent's process id. */
    public static final String PARENT_PROPERTY = "benchfleet.relaunched-by";

    private static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private ArchiveRelaunch() {
    }

    /** What the decision looks at, all read by the caller from this process. */
    public record Facts(String osName, Map<String, String> environment, Optional<List<String>> jvmCommandLine,
                        Optional<Path> jar, Path javaHome, String vmVersion, long pid) {
    }

    /**
     * The child's command line for {@code args}, or empty when this JVM runs the command itself.
     *
     * @throws IllegalArgumentException when {@value #SWITCH} is neither {@code on} nor {@code off}
     */
    public static Optional<List<String>> childCommand(Facts facts, List<String> args) {
        String setting = facts.environment().getOrDefault(SWITCH, "on").strip();
        if (!setting.equals("on") && !setting.equals("off")) {
            throw new IllegalArgumentException(SWITCH + " must be on or off, got '" + setting + "'");
        }
        if (setting.equals("off") || !facts.osName().equals("Linux") || facts.jar().isEmpty()) {
            return Optional.empty();
        }
        for (String variable : OPTION_VARIABLES) {
            if (!facts.environment().getOrDefault(variable, "").isBlank()) {
                return Optional.empty();
            }
        }
        // the JVM's own argv (without the launcher's name): "-jar", the jar, then the command's arguments
        List<String> commandLine = facts.jvmCommandLine().orElse(List.of());
        if (commandLine.isEmpty() || !commandLine.get(0).equals("-jar")) {
            return Optional.empty();
        }
        Path jar = facts.jar().get().toAbsolutePath().normalize();
        Path archive = jar.resolveSibling(ARCHIVE);
        if (!jar.getFileName().toString().endsWith(".jar") || !Files.isRegularFile(jar) || !Files.isRegularFile(archive)
                || !dumpedBy(jar.resolveSibling(ARCHIVE_VM), facts.vmVersion())) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(facts.javaHome().resolve("bin").resolve("java").toString(),
                "-XX:SharedArchiveFile=" + archive, "-Xshare:auto",
                // an archive the JVM refuses after all (the jar rebuilt, say) only costs the speed-up: no warning
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                // C1 only: the master's work is start-up, waiting and short bursts (a run's requests, the report),
                // which the optimising compiler would spend a CPU compiling for while the runners start beside it
                "-XX:TieredStopAtLevel=1",
                "-D" + PARENT_PROPERTY + "=" + facts.pid(),
                // by the absolute path the build's training run used: a JDK 17 archive serves only that class path
                "-jar", jar.toString()));
        command.addAll(args);
        return Optional.of(command);
    }

    /**
     * In the child: ends this JVM at once, as {@code kill -9} would, when the parent it was relaunched by
     * ({@value #PARENT_PROPERTY}) ends first. The parent outlives the child in every other case (it waits for
     * it, also after SIGTERM), so this is {@code kill -9} of the command reaching the whole of it: what it
     * started is left for {@code resume} or {@code nuke}, as with one JVM. Noticed within a second (the JDK
     * polls a process that is not a child).
     */
    public static void endWithParent(String parentPid) {
        if (parentPid == null) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(parentPid));
        if (parent.isEmpty()) {
            Runtime.getRuntime().halt(KILLED);
        }
        parent.get().onExit().thenRun(() -> Runtime.getRuntime().halt(KILLED));
    }

    /** 128 + SIGKILL, what a shell reports for a JVM killed with {@code kill -9}. */
    private static final int KILLED = 137;

    private static boolean dumpedBy(Path vmFile, String vmVersion) {
        try {
            return Files.isRegularFile(vmFile) && Files.readString(vmFile, StandardCharsets.UTF_8).strip().equals(vmVersion);
        } catch (IOException e) {
            return false;
        }
    }
}
