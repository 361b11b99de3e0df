package dev.benchfleet.examples.runner;

import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.CatalogRefreshContext;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code catalog refresh <provider> [--region R] [--output FILE]}: current prices into the user's price catalog. */
@Command(name = "catalog", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Instance catalogs: vCPUs, architecture and prices plan uses."})
final class CatalogCommand implements Callable<Integer> {

    private final CliContext cli;

    CatalogCommand(CliContext cli) {
        this.cli = cli;
    }

    /** The command with its subcommands. */
    static CommandLine commandLine(CliContext cli) {
        return new CommandLine(new CatalogCommand(cli)).addSubcommand(new Refresh(cli));
    }

    @Override
    public Integer call() {
        cli.err().println("error: give a subcommand: catalog refresh <provider>");
        return 1;
    }

    /** {@code catalog refresh}. */
    @Command(name = "refresh", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"Pulls current on-demand prices from the provider's public price list (needs the network, no",
                    "credentials) into the user's price catalog, which plan then reads: each price with its region,",
                    "source and date. aws: the EC2 bulk offer file of the region, written to",
                    "~/.benchfleet/catalogs/aws-prices.json (or BENCHFLEET_AWS_PRICES). Exit code: 0 written, 1 not."})
    static final class Refresh implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PROVIDER", description = "The provider whose prices to refresh (aws).")
        private String provider;

        @Option(names = "--region", paramLabel = "REGION", description = "The region whose prices to pull "
                + "(default: the provider's configured region; aws: AWS_REGION, the profile's, us-east-1).")
        private String region;

        @Option(names = "--output", paramLabel = "FILE", description = "Write here instead of the user's price catalog.")
        private Path output;

        private final CliContext cli;

        Refresh(CliContext cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            try {
                Optional<TaskRunnerProvider> found = cli.providers().find(provider);
                if (found.isEmpty()) {
                    throw new ConfigException(new Problem("PROVIDER", "unknown provider '" + provider + "' — known: "
                            + String.join(", ", cli.providers().names())), null);
                }
                CatalogRefreshContext context = CatalogRefreshContext.builder(provider).region(region)
                        .output(output == null ? null : output.toAbsolutePath())
                        .environment(cli.providerEnvironment()).cancellation(cli.cancellation())
                        .events(event -> cli.err().println("    [" + event.provider() + "] " + event.message())).build();
                List<String> lines = found.get().refreshCatalog(context);
                lines.forEach(line -> cli.err().println("==> " + line));
                return 0;
            } catch (BenchfleetException e) {
                return cli.fail(e);
            } catch (dev.benchfleet.core.spi.CancellationToken.CancelledException e) {
                cli.err().println("Cancelled: nothing was written.");
                return 1;
            }
        }
    }
}
