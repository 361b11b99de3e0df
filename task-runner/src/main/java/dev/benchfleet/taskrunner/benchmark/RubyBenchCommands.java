package dev.benchfleet.taskrunner.benchmark;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The commands of a real run. {@code run_benchmarks.rb} options used (from ruby-bench's
 * {@code lib/argument_parser.rb}):
 * <ul>
 *   <li>{@code --headline}: only the headline category;</li>
 *   <li>{@code -e ruby::ruby}: one executable, the {@code ruby} on the PATH, so the suite runs once
 *       (no interpreter-vs-YJIT second pass) and progress counts one pass;</li>
 *   <li>{@code --no-pinning}: the container is already pinned to its CPU, and taskset onto a core
 *       outside that set would fail;</li>
 *   <li>{@code --turbo}: do not try to switch off turbo boost, which needs sudo on the host;</li>
 *   <li>{@code --out_path} and {@code --out-name}: write exactly {@code output.txt/.json/.csv}
 *       into the task's work folder.</li>
 * </ul>
 */
public record RubyBenchCommands(URI repositoryUrl) {

    /** The checkout's folder name inside the work folder. */
    public static final String CHECKOUT_DIR = "ruby-bench";

    public List<String> clone(Path checkoutDir) {
        return List.of("git", "clone", "--depth", "1", repositoryUrl.toString(), checkoutDir.toString());
    }

    /** Run from inside the checkout: the script reads {@code benchmarks.yml} relative to it. */
    public List<String> runBenchmarks(Path workDir) {
        Path absolute = workDir.toAbsolutePath();
        return List.of("ruby", "run_benchmarks.rb",
                "--headline",
                "-e", "ruby::ruby",
                "--no-pinning",
                "--turbo",
                "--out_path=" + absolute,
                "--out-name=" + absolute.resolve("output"));
    }
}
