package dev.benchfleet.examples.runner;

import dev.benchfleet.core.registry.ProviderFolder;
import dev.benchfleet.core.registry.ProviderInventory;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the runner finds provider jars, in this order: {@code providers/} next to {@code runner.jar},
 * {@code ~/.benchfleet/providers/}, the folders of {@code BENCHFLEET_PROVIDER_PATH}, the folders of
 * {@code --provider-path}. One per command line: the option fills it while the line is parsed, and it
 * remembers which jars its last load skipped, for the error a run then stops with.
 */
final class ProviderFolders {

    /** Folders of provider jars, separated like {@code PATH} entries. */
    static final String PATH_VARIABLE = "BENCHFLEET_PROVIDER_PATH";

    private final List<Path> flag = new ArrayList<>();
    private List<String> skipped = List.of();

    /** The {@code --provider-path} folders. */
    void flag(List<Path> folders) {
        flag.clear();
        flag.addAll(folders);
    }

    /** What the last {@link #load} skipped, one line each. */
    List<String> skipped() {
        return skipped;
    }

    /** Built-in providers and every provider folder's; prints one {@code warning:} line per skipped jar. */
    ProviderInventory load(Map<String, String> environment, Path runnerJarDir, PrintStream err) {
        Path home = Path.of(System.getProperty("user.home", ""));
        ProviderInventory inventory = ProviderInventory.load(ProviderFolders.class.getClassLoader(),
                RunnerVersion.version(), of(runnerJarDir, home, environment, flag, err));
        inventory.warnings().forEach(warning -> err.println("warning: " + warning));
        skipped = inventory.warnings();
        return inventory;
    }

    static List<ProviderFolder> of(Path runnerJarDir, Path home, Map<String, String> environment, List<Path> flag,
                                   PrintStream err) {
        List<ProviderFolder> folders = new ArrayList<>();
        folders.add(new ProviderFolder(runnerJarDir.resolve("providers"), "next to runner.jar", false));
        folders.add(new ProviderFolder(home.resolve(".benchfleet").resolve("providers"), "~/.benchfleet/providers", false));
        for (String entry : environment.getOrDefault(PATH_VARIABLE, "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                try {
                    folders.add(new ProviderFolder(Path.of(entry.strip()), PATH_VARIABLE, true));
                } catch (InvalidPathException e) {
                    err.println("warning: " + PATH_VARIABLE + " entry '" + entry.strip() + "' is not a path (" + e.getMessage() + ")");
                }
            }
        }
        flag.forEach(path -> folders.add(new ProviderFolder(path, "--provider-path", true)));
        return folders;
    }
}
