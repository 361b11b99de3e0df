package dev.benchfleet.taskrunner.benchmark;

import dev.benchfleet.taskrunner.protocol.BenchmarkSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of a real run. {@code run_benchmarks.rb} options used (from ruby-bench's
 * {@code lib/argument_parser.rb}):
 * <ul>
 *   <li>{@code --headline} (default), {@code --category=...}, or benchmark names as arguments:
 *       what runs, from the run's {@code benchmark} settings;</li>
 *   <li>{@code -e ruby::ruby}: one executable, the {@code ruby} on the PATH, so the suite runs once
 *       (no interpreter-vs-YJIT second pass) and progress counts one pass; {@code -e "yjit::ruby --yjit"}
 *       when the settings ask for YJIT, which ruby-bench then labels {@code yjit};</li>
 *   <li>{@code --no-pinning}: the container is already pinned to its CPU, and taskset onto a core
 *       outside that set would fail;</li>
 *   <li>{@code --turbo}: do not try to switch off turbo boost, which needs sudo on the host;</li>
 *   <li>{@code --out_path} and {@code --out-name}: write exactly {@code output.txt/.json/.csv}
 *       into the task's work folder.</li>
 * </ul>
 * Every value comes from validated settings: none can start with {@code -} and pose as an option.
 */
public record RubyBenchCommands(URI repositoryUrl) {

    /** The checkout's folder name inside the work folder. */
    public static final String CHECKOUT_DIR = "ruby-bench";

    public List<String> clone(Path checkoutDir) {
        return clone(checkoutDir, BenchmarkSettings.defaults());
    }

    /**
     * A shallow clone of the default branch, or of the branch or tag {@code ref}; a full clone
     * without checkout when {@code ref} is a commit, followed by {@link #checkout}.
     */
    public List<String> clone(Path checkoutDir, BenchmarkSettings settings) {
        String url = repository(settings);
        if (settings.ref() == null) {
            return List.of("git", "clone", "--depth", "1", url, checkoutDir.toString());
        }
        if (settings.refIsCommit()) {
            return List.of("git", "clone", "--no-checkout", url, checkoutDir.toString());
        }
        return List.of("git", "clone", "--depth", "1", "--branch", settings.ref(), url, checkoutDir.toString());
    }

    /** Checks out a pinned commit after a {@code --no-checkout} clone. */
    public List<String> checkout(Path checkoutDir, String commit) {
        return List.of("git", "-C", checkoutDir.toString(), "checkout", "--quiet", "--detach", commit);
    }

    /** Prints the commit the checkout is at. */
    public List<String> revParse(Path checkoutDir) {
        return List.of("git", "-C", checkoutDir.toString(), "rev-parse", "HEAD");
    }

    /** {@code ruby -v}, with {@code --yjit} when the run uses it (it then says {@code +YJIT}). */
    public List<String> rubyVersion(BenchmarkSettings settings) {
        return settings.yjit() ? List.of("ruby", "--yjit", "-v") : List.of("ruby", "-v");
    }

    /** The repository cloned: the settings' {@code repo}, else the runner's default. */
    public String repository(BenchmarkSettings settings) {
        return settings.repo() != null ? settings.repo() : repositoryUrl.toString();
    }

    /** Run from inside the checkout: the script reads {@code benchmarks.yml} relative to it. */
    public List<String> runBenchmarks(Path workDir) {
        return runBenchmarks(workDir, BenchmarkSettings.defaults());
    }

    public List<String> runBenchmarks(Path workDir, BenchmarkSettings settings) {
        Path absolute = workDir.toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("ruby", "run_benchmarks.rb"));
        if (settings.names().isEmpty()) {
            command.add(settings.category() == null ? "--headline" : "--category=" + settings.category());
        }
        command.addAll(List.of("-e", settings.yjit() ? "yjit::ruby --yjit" : "ruby::ruby",
                "--no-pinning",
                "--turbo",
                "--out_path=" + absolute,
                "--out-name=" + absolute.resolve("output")));
        command.addAll(settings.names());
        return command;
    }
}
