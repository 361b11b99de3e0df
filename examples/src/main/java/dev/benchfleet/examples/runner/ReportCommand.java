package dev.benchfleet.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.report.PriceList;
import dev.benchfleet.report.ReportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code java -jar examples/runner.jar report <run_id> [<run_id>...]}: the comparison report of finished runs. */
@Command(name = "report", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Builds the comparison report of one or more finished runs from results/<run_id>/:",
                "report.html (open it in a browser, works offline), report.json and summary.csv.",
                "One run: written into results/<run_id>/. Several: into reports/<id>+<id>.../, and the same",
                "provider + alias in two runs is merged. The results themselves are only read.",
                "Prints the ranking on standard error and a JSON line with the paths on standard output.",
                "Exit code: 0 written; 1 unknown run id, no usable results, or the files cannot be written."})
final class ReportCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "1..*", paramLabel = "RUN_ID", description = "Run id(s), as in results/<run_id>/.")
    private List<String> runIds;

    @Option(names = "--prices", paramLabel = "FILE", description = {"JSON object of USD per hour, keyed by",
            "\"provider/instance_type\", \"provider/alias\" or \"instance_type\":",
            "enables $/hour, performance per dollar and the speed-versus-price chart."})
    private Path prices;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder holding results/ and status/ (default: the current folder).")
    private Path baseDir;

    private final CliContext cli;

    ReportCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        PrintStream err = cli.err();
        try {
            ReportGenerator.Written written = new ReportGenerator(cli.clock())
                    .generate(baseDir == null ? cli.baseDir() : baseDir.toAbsolutePath(), runIds, priceList());
            err.println("==> Report: " + written.html());
            err.print(ReportGenerator.shortTable(written.report()));
            written.report().notes().forEach(note -> err.println("note: " + note));
            ObjectNode line = JsonNodeFactory.instance.objectNode();
            line.put("report_path", written.html().toString());
            line.put("report_json", written.json().toString());
            line.put("summary_csv", written.csv().toString());
            cli.out().println(line);
            return 0;
        } catch (BenchfleetException e) {
            return cli.fail(e);
        }
    }

    private PriceList priceList() {
        if (prices == null) {
            return PriceList.none();
        }
        JsonNode node;
        try {
            node = JSON.readTree(prices.toFile());
        } catch (IOException e) {
            throw new ConfigException(new Problem(prices.toString(), "cannot be read as JSON: "
                    + e.getMessage().lines().findFirst().orElse("")), "pass a JSON object like {\"aws/c7g.medium\": 0.0363}");
        }
        if (node == null || !node.isObject()) {
            throw new ConfigException(new Problem(prices.toString(), "must be a JSON object of prices"),
                    "e.g. {\"aws/c7g.medium\": 0.0363}");
        }
        Map<String, Double> perHour = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isNumber() || field.getValue().doubleValue() <= 0) {
                throw new ConfigException(new Problem(prices + ": " + field.getKey(),
                        "must be a positive number of USD per hour, got " + field.getValue()), null);
            }
            perHour.put(field.getKey(), field.getValue().doubleValue());
        }
        return new PriceList(perHour);
    }
}
