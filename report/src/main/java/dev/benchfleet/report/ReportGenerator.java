package dev.benchfleet.report;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.journal.SecureFiles;
import dev.benchfleet.report.render.CsvSummary;
import dev.benchfleet.report.render.HtmlReport;
import dev.benchfleet.report.render.JsonReport;
import dev.benchfleet.report.results.ResultsReader;
import dev.benchfleet.report.results.RunResults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Reads the results of one or more runs under a base folder ({@code results/<run_id>/},
 * {@code status/<run_id>.json}) and writes {@code report.html}, {@code report.json} and
 * {@code summary.csv}: into {@code results/<run_id>/} for one run, into
 * {@code reports/<id>+<id>.../} for several. Task folders are only read.
 */
public final class ReportGenerator {

    public static final String HTML = "report.html";
    public static final String JSON = "report.json";
    public static final String CSV = "summary.csv";

    private final ResultsReader reader = new ResultsReader();
    private final Clock clock;

    public ReportGenerator(Clock clock) {
        this.clock = clock;
    }

    /** The files written and the report they hold. */
    public record Written(Path directory, Path html, Path json, Path csv, Report report) {
    }

    /**
     * @throws ConfigException   unknown run id, or no usable results at all (names the folder and why)
     * @throws ExternalException the report files cannot be written
     */
    public Written generate(Path baseDir, List<String> runIds, PriceList prices) {
        if (runIds.isEmpty()) {
            throw new ConfigException(new Problem("run_id", "at least one run id is needed"), "report <run_id> [<run_id>...]");
        }
        List<String> ids = List.copyOf(new LinkedHashSet<>(runIds));
        List<RunResults> runs = new ArrayList<>();
        for (String id : ids) {
            runs.add(reader.read(baseDir.resolve("results"), baseDir.resolve("status"), id));
        }
        Report report = new ReportBuilder(clock, prices).build(runs);
        Path directory = ids.size() == 1 ? baseDir.resolve("results").resolve(ids.get(0))
                : baseDir.resolve("reports").resolve(String.join("+", ids));
        return write(report, directory);
    }

    /** Writes the three files of {@code report} into {@code directory}, each atomically. */
    public Written write(Report report, Path directory) {
        try {
            Files.createDirectories(directory);
            Path html = replace(directory.resolve(HTML), new HtmlReport().write(report));
            Path json = replace(directory.resolve(JSON), new JsonReport().write(report));
            Path csv = replace(directory.resolve(CSV), new CsvSummary().write(report));
            return new Written(directory, html, json, csv, report);
        } catch (IOException e) {
            throw new ExternalException("cannot write the report into " + directory + ": " + e.getMessage(),
                    "check that the folder is writable");
        }
    }

    /** A few lines for a terminal: rank, label, score, relative time. */
    public static String shortTable(Report report) {
        StringBuilder out = new StringBuilder();
        int width = report.ranking().stream().mapToInt(e -> e.key().label().length()).max().orElse(10);
        out.append(String.format(Locale.ROOT, "  %3s  %-" + width + "s  %7s  %9s  %5s%n", "#", "instance type", "score",
                "× fastest", "tasks"));
        for (Report.Entry e : report.ranking()) {
            out.append(String.format(Locale.ROOT, "  %3d  %-" + width + "s  %7s  %9s  %5d%n", e.rank(), e.key().label(),
                    Double.isNaN(e.score()) ? "–" : String.format(Locale.ROOT, "%.3f", e.score()),
                    Double.isNaN(e.relativeToFastest()) ? "–" : String.format(Locale.ROOT, "%.3f", e.relativeToFastest()),
                    e.tasks()));
        }
        return out.toString();
    }

    /** Whole and atomic (a browser or script never sees half a report); 0600 like every file Benchfleet writes. */
    private static Path replace(Path target, String content) {
        SecureFiles.writePrivate(target, content.getBytes(StandardCharsets.UTF_8));
        return target;
    }
}
