package dev.benchfleet.examples.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.TaskRunnerCount;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.registry.LoadedProvider;
import dev.benchfleet.core.registry.ProviderFolder;
import dev.benchfleet.core.registry.ProviderInventory;
import dev.benchfleet.core.spi.CapacityModel;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.InstanceCatalog;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Setting;
import dev.benchfleet.core.spi.SpiVersion;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.spi.ValidationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.concurrent.Callable;

/**
 * {@code java -jar examples/runner.jar providers [--json]}: every provider this runner can use, where it
 * came from, and whether it is ready in this environment.
 */
@Command(name = "providers", mixinStandardHelpOptions = true, versionProvider = RunnerVersion.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Lists every provider this runner can use, where it came from, and whether it is ready here:",
                "the built-in ones and the jars in the provider folders (providers/ next to runner.jar,",
                "~/.benchfleet/providers/, BENCHFLEET_PROVIDER_PATH, --provider-path). For each: its phase, origin,",
                "version and SPI version, settings, instance types, and whether its validation finds problems with",
                "this environment (credentials, tools). Exit code 1 when a provider jar would stop a run."})
final class ProvidersCommand implements Callable<Integer> {

    /** The keys every instance entry takes, whatever its provider. */
    private static final List<String> ENTRY_KEYS = List.of("instance_type", "alias", "vcpus");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "One JSON object on standard output, for scripts.")
    private boolean json;

    private final CliContext cli;

    ProvidersCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        ProviderInventory inventory = cli.providerInventory();
        Environment env = cli.providerEnvironment();
        List<Listing> listings = inventory.providers().stream().map(provider -> Listing.of(provider, env)).toList();
        if (json) {
            cli.out().println(json(inventory, listings));
        } else {
            print(cli.out(), inventory, listings);
        }
        if (!inventory.problems().isEmpty()) {
            cli.fail(new ConfigException("loading providers", inventory.problems()));
            cli.err().println("A run stops on these before anything starts.");
            return 1;
        }
        return 0;
    }

    private static void print(PrintStream out, ProviderInventory inventory, List<Listing> listings) {
        List<String> folders = new ArrayList<>();
        for (ProviderFolder folder : inventory.folders()) {
            Path path = folder.path().toAbsolutePath().normalize();
            folders.add(path + (Files.exists(path) ? "" : " (absent)"));
        }
        out.println("Providers of this runner (SPI " + SpiVersion.CURRENT + "); provider folders: " + String.join(", ", folders));
        for (Listing listing : listings) {
            LoadedProvider provider = listing.provider();
            out.println();
            out.println(provider.name() + " (" + listing.phase() + ")");
            out.println("  from:       " + provider.origin());
            out.println("  version:    " + provider.version() + ", built against SPI " + provider.spiVersion());
            if (listing.settings().isEmpty()) {
                out.println("  settings:   none; entries take " + String.join(", ", ENTRY_KEYS));
            } else {
                out.println("  settings:   under \"providers\": {\"" + provider.name() + "\": {...}}; entries take "
                        + String.join(", ", ENTRY_KEYS));
                listing.settings().forEach(setting -> out.println("              - " + setting.name() + " ("
                        + setting.type().name().toLowerCase(Locale.ROOT) + "): " + setting.description()));
            }
            out.println("  instances:  " + listing.instances());
            if (listing.problems().isEmpty()) {
                out.println("  validate:   ok");
            } else {
                out.println("  validate:   " + listing.problems().size() + (listing.problems().size() == 1 ? " problem" : " problems"));
                listing.problems().forEach(problem -> out.println("              - " + problem));
            }
            listing.describe().forEach(line -> out.println("  plan:       " + line));
        }
    }

    private static String json(ProviderInventory inventory, List<Listing> listings) {
        ObjectNode root = JSON.createObjectNode();
        root.put("spi_version", SpiVersion.CURRENT);
        ArrayNode folders = root.putArray("folders");
        for (ProviderFolder folder : inventory.folders()) {
            Path path = folder.path().toAbsolutePath().normalize();
            folders.addObject().put("path", path.toString()).put("source", folder.source()).put("exists", Files.exists(path));
        }
        ArrayNode providers = root.putArray("providers");
        for (Listing listing : listings) {
            LoadedProvider provider = listing.provider();
            ObjectNode node = providers.addObject();
            node.put("name", provider.name());
            node.put("phase", listing.phase());
            node.put("origin", provider.origin());
            node.put("built_in", provider.builtIn());
            node.put("jar", provider.jar().map(Path::toString).orElse(null));
            node.put("class", provider.className());
            node.put("version", provider.version());
            node.put("spi_version", provider.spiVersion());
            ArrayNode settings = node.putArray("settings");
            listing.settings().forEach(setting -> settings.addObject().put("name", setting.name())
                    .put("type", setting.type().name().toLowerCase(Locale.ROOT)).put("description", setting.description()));
            ENTRY_KEYS.forEach(node.putArray("entry_keys")::add);
            node.put("capacity_model", listing.capacityModel());
            node.put("instances", listing.instances());
            ObjectNode validate = node.putObject("validate");
            validate.put("ok", listing.problems().isEmpty());
            ArrayNode problems = validate.putArray("problems");
            listing.problems().forEach(problem -> problems.addObject().put("path", problem.path()).put("message", problem.message()));
            listing.describe().forEach(node.putArray("describe")::add);
        }
        inventory.warnings().forEach(root.putArray("warnings")::add);
        ArrayNode problems = root.putArray("problems");
        inventory.problems().forEach(problem -> problems.addObject().put("path", problem.path()).put("message", problem.message()));
        return root.toString();
    }

    /** What the listing shows of one provider; asking a provider anything may fail, and says so. */
    private record Listing(LoadedProvider provider, String phase, String capacityModel, String instances,
                           List<Setting> settings, List<Problem> problems, List<String> describe) {

        static Listing of(LoadedProvider loaded, Environment environment) {
            TaskRunnerProvider provider = loaded.provider();
            String phase = ask(() -> provider.phase().configName(), "(phase() threw)");
            CapacityModel model = ask(provider::capacityModel, null);
            String instances = ask(() -> instances(model, provider.instanceCatalog()), "(instanceCatalog() threw)");
            // The provider's part of a config with no entries yet: what validation says of this environment alone.
            ValidationContext context = ValidationContext.of(
                    new ProviderConfig(loaded.name(), List.of(), 1, TaskRunnerCount.unset()), RunFlags.defaults(), environment);
            List<Setting> settings = ask(() -> List.copyOf(provider.settings()), List.of());
            List<Problem> problems;
            try {
                problems = List.copyOf(provider.validate(context));
            } catch (RuntimeException | LinkageError e) {
                problems = List.of(new Problem(loaded.name(), "validate threw " + e));
            }
            List<String> describe = ask(() -> List.copyOf(provider.describe(context)), List.of());
            return new Listing(loaded, phase, model == null ? "(capacityModel() threw)" : model.name().toLowerCase(Locale.ROOT),
                    instances, settings, problems, describe);
        }

        private static String instances(CapacityModel model, InstanceCatalog catalog) {
            String how = model == CapacityModel.SINGLE_HOST ? "one host" : "cloud VMs";
            SortedSet<String> known = catalog.knownTypes();
            if (!known.isEmpty()) {
                List<String> shown = known.stream().limit(8).toList();
                return how + "; instance types " + String.join(", ", shown)
                        + (known.size() > shown.size() ? " and " + (known.size() - shown.size()) + " more" : "");
            }
            OptionalInt any = catalog.vcpus("any-instance-type");
            return how + (any.isPresent() ? "; any instance type, " + any.getAsInt() + " vCPUs"
                    : "; any instance type, each entry gives \"vcpus\"");
        }

        private static <T> T ask(java.util.function.Supplier<T> question, T whenItThrows) {
            try {
                return question.get();
            } catch (RuntimeException | LinkageError e) {
                return whenItThrows;
            }
        }
    }
}
