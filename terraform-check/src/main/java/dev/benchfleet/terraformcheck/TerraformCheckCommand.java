package dev.benchfleet.terraformcheck;

import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.terraformcheck.check.Finding;
import dev.benchfleet.terraformcheck.check.ModuleChecker;
import dev.benchfleet.terraformcheck.module.Block;
import dev.benchfleet.terraformcheck.module.ModuleReader;
import dev.benchfleet.terraformcheck.module.TerraformModule;
import dev.benchfleet.terraformcheck.schema.NpmTarballFetcher;
import dev.benchfleet.terraformcheck.schema.ProviderPackage;
import dev.benchfleet.terraformcheck.schema.ProviderSchema;
import dev.benchfleet.terraformcheck.schema.SchemaStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code terraform-check MODULE_DIR...}: checks Terraform modules against the real provider schemas, taken
 * from the CDK-for-Terraform packages on the npm registry. Exit 0 clean, 1 findings, 2 cannot run.
 */
@Command(name = "terraform-check", sortOptions = false,
        description = "Checks the .tf files of each MODULE_DIR against the schemas of hashicorp/aws 6.25.0, "
                + "hashicorp/azurerm 4.55.0, hashicorp/tls 4.1.0 and hashicorp/random 3.7.2 (from the @cdktf/provider-* "
                + "packages on the npm registry): resource and data source types, arguments and nested blocks, required "
                + "ones, references, required_providers pins, templatefile() variables, unused and undeclared variables.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no findings", "1:findings (printed as FILE:LINE: what is wrong)",
            "2:cannot run (no schema and no network, a folder without .tf files, bad flags)"})
public final class TerraformCheckCommand implements Callable<Integer> {

    /** Exit code: no findings. */
    public static final int CLEAN = 0;
    /** Exit code: findings were printed. */
    public static final int FINDINGS = 1;
    /** Exit code: the check could not run. */
    public static final int CANNOT_RUN = 2;

    @Parameters(paramLabel = "MODULE_DIR", arity = "0..*", description = "Folders holding .tf files (one Terraform module each).")
    List<Path> modules = new ArrayList<>();

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Schema cache (tarballs and extracts). Default: $" + SchemaStore.CACHE_ENV + ", else ~/.cache/benchfleet/terraform-schemas.")
    Path cacheDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-r", "--recursive"}, description = "Check every folder that holds .tf files in and below each MODULE_DIR.")
    boolean recursive;

    @Option(names = "--offline", description = "Never download: fail (exit 2) when a schema is not in the cache.")
    boolean offline;

    @Option(names = "--fetch", description = "Download and extract all four provider schemas now (then check MODULE_DIRs, if any).")
    boolean fetch;

    @Option(names = "--registry", paramLabel = "URL", description = "npm registry to download from. Default: ${DEFAULT-VALUE}.")
    URI registry = NpmTarballFetcher.NPM_REGISTRY;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final List<ProviderPackage> packages;

    public TerraformCheckCommand() {
        this(ProviderPackage.PINNED);
    }

    /** A command that knows other packages than the pinned ones (tests serve small handmade ones). */
    public TerraformCheckCommand(List<ProviderPackage> packages) {
        this.packages = List.copyOf(packages);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TerraformCheckCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<List<Path>> folders = folders(err);
        if (folders.isEmpty()) {
            return CANNOT_RUN;
        }
        List<TerraformModule> parsed;
        try {
            ModuleReader reader = new ModuleReader();
            parsed = folders.get().stream().map(reader::read).toList();
        } catch (UncheckedIOException e) {
            err.println("terraform-check: " + e.getMessage() + ": " + e.getCause().getMessage());
            return CANNOT_RUN;
        }
        Path cache = cacheDir != null ? cacheDir : SchemaStore.defaultDir();
        Map<String, ProviderSchema> schemas = new LinkedHashMap<>();
        try {
            SchemaStore store = new SchemaStore(cache,
                    offline ? Optional.empty() : Optional.of(new NpmTarballFetcher(registry, Duration.ofMinutes(5))));
            for (ProviderPackage pkg : fetch ? packages : needed(parsed)) {
                if (!store.availableOffline(pkg) && !offline) {
                    err.println("terraform-check: downloading " + pkg.npmName() + "@" + pkg.npmVersion() + " (" + pkg.source()
                            + " " + pkg.version() + ") into " + cache);
                }
                schemas.put(pkg.localName(), store.load(pkg));
            }
        } catch (BenchfleetException e) {
            err.println("terraform-check: cannot run: " + e.describe());
            return CANNOT_RUN;
        }
        if (fetch) {
            out.println("terraform-check: schemas of " + String.join(", ", schemas.values().stream()
                    .map(s -> s.source() + " " + s.version()).toList()) + " are in " + cache);
        }
        int findings = check(parsed, schemas, out);
        out.flush();
        return findings == 0 ? CLEAN : FINDINGS;
    }

    /** The module folders to check, or empty (after saying why) when the arguments name none that can be. */
    private Optional<List<Path>> folders(PrintWriter err) {
        if (modules.isEmpty() && !fetch) {
            err.println("terraform-check: name at least one MODULE_DIR (or --fetch); see --help");
            return Optional.empty();
        }
        if (fetch && offline) {
            err.println("terraform-check: --fetch and --offline contradict each other");
            return Optional.empty();
        }
        for (Path dir : modules) {
            if (!Files.isDirectory(dir)) {
                err.println("terraform-check: " + dir + " is not a folder");
                return Optional.empty();
            }
        }
        List<Path> folders;
        try {
            folders = recursive ? withSubfolders(modules) : modules;
        } catch (IOException e) {
            err.println("terraform-check: cannot list " + e.getMessage());
            return Optional.empty();
        }
        if (folders.isEmpty() && !modules.isEmpty()) {
            err.println("terraform-check: no folder in or below " + modules + " holds .tf files");
            return Optional.empty();
        }
        for (Path dir : folders) {
            if (!ModuleReader.hasTerraformFiles(dir)) {
                err.println("terraform-check: " + dir + " holds no .tf files" + (recursive ? "" : " (-r checks the folders below it)"));
                return Optional.empty();
            }
        }
        return Optional.of(folders);
    }

    /** Checks each module, prints its findings and a summary line; the number of findings. */
    private int check(List<TerraformModule> parsed, Map<String, ProviderSchema> schemas, PrintWriter out) {
        if (parsed.isEmpty()) {
            return 0;
        }
        ModuleChecker checker = new ModuleChecker(schemas, packages);
        Path base = Path.of("").toAbsolutePath();
        int total = 0;
        for (TerraformModule module : parsed) {
            List<Finding> findings = checker.check(module);
            findings.forEach(f -> out.println(f.format(base)));
            total += findings.size();
        }
        out.println("terraform-check: " + parsed.size() + " module" + (parsed.size() == 1 ? "" : "s") + ", "
                + (total == 0 ? "no findings" : total + " finding" + (total == 1 ? "" : "s")));
        return total;
    }

    /** Each folder and every folder below it that holds .tf files, each once, in order. */
    private static List<Path> withSubfolders(List<Path> roots) throws IOException {
        Set<Path> all = new LinkedHashSet<>();
        for (Path root : roots) {
            try (Stream<Path> below = Files.walk(root)) {
                below.filter(Files::isDirectory).filter(ModuleReader::hasTerraformFiles).sorted().forEach(all::add);
            }
        }
        return List.copyOf(all);
    }

    /** The pinned packages the modules use: named in required_providers, by a provider block or a type prefix. */
    private List<ProviderPackage> needed(List<TerraformModule> parsed) {
        Set<ProviderPackage> needed = new LinkedHashSet<>();
        for (TerraformModule module : parsed) {
            for (Block block : module.blocks()) {
                switch (block.type()) {
                    case "resource", "data" -> find(prefix(block.label(0))).ifPresent(needed::add);
                    case "provider" -> find(block.label(0)).ifPresent(needed::add);
                    case "terraform" -> block.blocks("required_providers").forEach(r -> r.attributes().forEach(a -> find(a.name()).ifPresent(needed::add)));
                    default -> {
                        // names no provider
                    }
                }
            }
        }
        return List.copyOf(needed);
    }

    private Optional<ProviderPackage> find(String localName) {
        return ProviderPackage.find(packages, localName);
    }

    private static String prefix(String type) {
        int underscore = type.indexOf('_');
        return underscore < 0 ? type : type.substring(0, underscore);
    }
}
