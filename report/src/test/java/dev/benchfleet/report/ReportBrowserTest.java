package dev.benchfleet.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens report.html from disk in a real headless Chromium with every network route closed: the
 * page must draw every chart, list the ranking in report.json's order and log nothing to the
 * console. A screenshot is kept at {@code target/report-screenshot.png}.
 */
class ReportBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void theReportOpensOfflineAndDrawsEveryChart() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no browser at " + CHROMIUM);
        ResultsFixture f = new ResultsFixture(dir);
        f.type("1734", "aws", "c7g", 1.0, 4, 1, Map.of("price_per_hour", 0.0363, "arch", "aarch64", "vcpus", 1), "fib",
                "nbody", "binarytrees", "optcarrot");
        f.type("1734", "aws", "c7i", 0.92, 4, 2, Map.of("price_per_hour", 0.0446, "arch", "x86_64", "vcpus", 2), "fib",
                "nbody", "binarytrees", "optcarrot");
        f.type("1734", "azure", "d2als-v6", 1.25, 4, 3, Map.of("price_per_hour", 0.0412, "arch", "x86_64", "vcpus", 2),
                "fib", "nbody", "binarytrees", "optcarrot");
        f.type("1734", "local", "laptop", 0.97, 3, 4, Map.of("arch", "x86_64", "vcpus", 8), "fib", "nbody",
                "binarytrees", "optcarrot");
        ReportGenerator.Written written = new ReportGenerator(Clock.systemUTC()).generate(dir, List.of("1734"),
                PriceList.none());
        JsonNode json = new ObjectMapper().readTree(written.json().toFile());

        Chromium.Result dom = Chromium.run(dir, "--dump-dom", written.html().toUri().toString());
        assertThat(dom.consoleLines()).as("console output of the page").isEmpty();
        String html = dom.stdout();

        List<String> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr data-group=\"[^\"]*\" data-provider=\"[^\"]*\" data-label=\"([^\"]*)\"")
                .matcher(html);
        while (row.find()) {
            rows.add(row.group(1));
        }
        List<String> expected = new ArrayList<>();
        json.get("ranking").forEach(e -> expected.add(e.get("label").asText()));
        assertThat(rows).containsExactlyElementsOf(expected).hasSize(4);

        int charts = json.get("benchmarks").size() + 2; // one per benchmark, the scores, speed vs price
        assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(charts);
        // every chart drew its marks: each benchmark chart has one series per type, with iteration dots
        assertThat(count(html, "<circle class=\"it\"")).isEqualTo(4 * (4 + 4 + 4 + 3) * 5);
        assertThat(count(html, "<rect class=\"bar\"")).isEqualTo(4);
        assertThat(count(html, "<circle class=\"point")).isEqualTo(3);
        // the script ran and left every series visible: 4 benchmark charts + scores with 4 types, 3 priced points
        int series = 4 * 4 + 4 + 3;
        assertThat(html).contains("data-visible-series=\"" + series + "\"").doesNotContain("display: none");
        assertThat(html).contains("class=\"pareto\"").contains("aws/c7i ★</text>").contains("aws/c7g ★</text>");

        // show/hide: #hide=azure hides that provider's rows and marks everywhere
        String hidden = Chromium.run(dir, "--dump-dom", written.html().toUri() + "#hide=azure").stdout();
        assertThat(hidden).contains("data-visible-series=\"" + (series - 4 - 1 - 1) + "\"");
        assertThat(hidden).containsPattern("<tr data-group=\"azure[^>]*style=\"display: none;\"");

        Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);
        Chromium.Result shot = Chromium.run(dir, "--screenshot=" + screenshot, "--window-size=1000,2400",
                "--hide-scrollbars", written.html().toUri().toString());
        assertThat(shot.consoleLines()).isEmpty();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** One headless Chromium run with a fresh profile and no way to reach any network. */
    static final class Chromium {

        record Result(String stdout, List<String> consoleLines) {
        }

        static Result run(Path work, String... args) throws Exception {
            Path profile = Files.createTempDirectory(work, "chromium-profile");
            Path out = Files.createTempFile(work, "chromium", ".out");
            Path err = Files.createTempFile(work, "chromium", ".err");
            List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                    // network off: every proxy and host lookup fails
                    "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished within 90 s").isTrue();
            } finally {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            List<String> console = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains(":CONSOLE")).toList();
            return new Result(Files.readString(out, StandardCharsets.UTF_8), console);
        }
    }
}
