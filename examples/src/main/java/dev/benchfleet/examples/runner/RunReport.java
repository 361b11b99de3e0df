package dev.benchfleet.examples.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.flow.FlowOutcome;
import dev.benchfleet.report.PriceList;
import dev.benchfleet.report.ReportGenerator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/**
 * The report at the end of a run: written into {@code results/<run_id>/} when results came back,
 * with the ranking on standard error and {@code report_path} in the summary line. A report that
 * cannot be built (no task completed) is a warning: the run's own exit code stands.
 */
final class RunReport {

    private RunReport() {
    }

    /** Writes the report of a finished run and adds {@code report_path} (or null) to its summary. */
    static ObjectNode summaryWithReport(FlowOutcome outcome, PrintStream err, Clock clock) {
        ObjectNode summary = outcome.summary();
        // Scripts read the line's fields in their order: report_path stays where it was, new fields go last.
        com.fasterxml.jackson.databind.JsonNode hours = summary.remove("instance_hours");
        summary.putNull("report_path");
        summary.set("instance_hours", hours);
        Path results = outcome.resultsDir();
        if (!hasTaskFolders(results)) {
            return summary;
        }
        Path base = results.getParent().getParent();
        try {
            ReportGenerator.Written written = new ReportGenerator(clock)
                    .generate(base, List.of(outcome.runId()), PriceList.none());
            err.println("==> Report: " + written.html());
            err.print(ReportGenerator.shortTable(written.report()));
            summary.put("report_path", written.html().toString()); // replaces the null in place
        } catch (BenchfleetException e) {
            err.println("warning: no report: " + e.describe());
        }
        return summary;
    }

    private static boolean hasTaskFolders(Path results) {
        if (results == null || results.getParent() == null || results.getParent().getParent() == null
                || !Files.isDirectory(results)) {
            return false;
        }
        try (Stream<Path> children = Files.list(results)) {
            return children.anyMatch(Files::isDirectory);
        } catch (IOException e) {
            return false;
        }
    }
}
