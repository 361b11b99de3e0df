package dev.benchfleet.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ReportGeneratorTest {

    @TempDir
    Path dir;

    /** Every file under results/ except the report's own, with its bytes and modification time. */
    private Map<String, String> snapshot() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir.resolve("results"))) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (!List.of(ReportGenerator.HTML, ReportGenerator.JSON, ReportGenerator.CSV).contains(name)) {
                    files.put(p.toString(), java.util.Arrays.hashCode(Files.readAllBytes(p)) + "@"
                            + Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        return files;
    }

    @Test
    void writesTheThreeFilesWithTheSameNumbersAndLeavesTheResultsAlone() throws Exception {
        ResultsFixture f = new ResultsFixture(dir);
        f.type("1734", "aws", "c7g", 1.0, 3, 1, Map.of("price_per_hour", 0.0363), "fib", "nbody", "binarytrees");
        f.type("1734", "aws", "c7i", 1.3, 3, 2, Map.of("price_per_hour", 0.0446), "fib", "nbody", "binarytrees");
        f.type("1734", "azure", "d2als-v6", 1.1, 3, 3, Map.of(), "fib", "nbody", "binarytrees");
        Path broken = f.task("1734", "azure", "d2als-v6", "ruby 3.4.7", Map.of("fib", new double[] {1}), Map.of());
        Files.writeString(broken.resolve("output.json"), "{");
        Map<String, String> before = snapshot();

        ReportGenerator.Written written = new ReportGenerator(Clock.systemUTC())
                .generate(dir, List.of("1734"), new PriceList(Map.of("azure/d2als-v6.type", 0.0412)));

        assertThat(snapshot()).isEqualTo(before);
        assertThat(written.directory()).isEqualTo(dir.resolve("results/1734"));
        JsonNode json = new ObjectMapper().readTree(written.json().toFile());
        assertThat(json.get("ranking")).hasSize(3);
        assertThat(json.get("ranking").get(0).get("alias").asText()).isEqualTo("c7g");
        for (JsonNode entry : json.get("ranking")) {
            assertThat(entry.fieldNames()).toIterable().contains("rank", "provider", "alias", "instance_type", "score",
                    "score_ci95", "relative_to_fastest", "total_time_s", "price_per_hour", "performance_per_dollar");
        }
        assertThat(json.get("ranking").get(2).get("price_per_hour").asDouble()).isEqualTo(0.0446);
        assertThat(json.get("benchmarks")).hasSize(3);
        for (JsonNode b : json.get("benchmarks")) {
            for (JsonNode r : b.get("results")) {
                assertThat(r.get("ci95_s")).hasSize(2);
                assertThat(r.get("ci95_s").get(0).asDouble()).isLessThan(r.get("mean_s").asDouble());
                assertThat(r.get("n").asInt()).isEqualTo(3);
            }
        }
        assertThat(json.get("facts").get("missing").toString()).contains(broken.resolve("output.json").toString());

        List<String> csv = Files.readAllLines(written.csv());
        assertThat(csv.get(0)).startsWith("rank,provider,alias,variant,instance_type,score");
        assertThat(csv).hasSize(1 + 3 * 3);
        assertThat(csv.get(1)).startsWith("1,aws,c7g,ruby,c7g.type,");

        String html = Files.readString(written.html());
        assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://", "https://");
        assertThat(html).doesNotContain(" src=", "<link");
        assertThat(html.split("<svg class=\"chart\"", -1)).hasSize(1 + 3 + 2); // benchmarks + scores + price
        assertThat(html).contains("id=\"chart-price\"");
        // c7g is both the cheapest and the fastest: the whole front
        assertThat(html.split("★</text>", -1)).hasSize(2);
        assertThat(html).contains("aws/c7g ★</text>").doesNotContain("class=\"pareto\"");
        assertThat(html).contains("fib").contains("d2als-v6").contains("ruby 3.4.7");
    }

    @Test
    void severalRunsGoIntoTheirOwnReportsFolder() {
        ResultsFixture f = new ResultsFixture(dir);
        f.type("11", "local", "a", 1.0, 2, 1, Map.of(), "fib");
        f.type("22", "local", "a", 1.0, 2, 2, Map.of(), "fib");
        ReportGenerator.Written written = new ReportGenerator(Clock.systemUTC()).generate(dir, List.of("11", "22"),
                PriceList.none());
        assertThat(written.directory()).isEqualTo(dir.resolve("reports/11+22"));
        assertThat(written.report().ranking()).hasSize(1);
        assertThat(written.report().ranking().get(0).merged()).isTrue();
        assertThat(Files.exists(dir.resolve("results/11/report.html"))).isFalse();
        assertThat(ReportGenerator.shortTable(written.report())).contains("local/a").contains("1.000");
    }

    @Test
    void textFromResultsIsEscapedInEveryFormat() throws Exception {
        ResultsFixture f = new ResultsFixture(dir);
        f.task("5", "local", "x", "<x>.type", "ruby", "ruby </script><img src=x onerror=alert(1)>",
                Map.of("=cmd", new double[] {1, 1}), Map.of());
        ReportGenerator.Written written = new ReportGenerator(Clock.systemUTC()).generate(dir, List.of("5"),
                PriceList.none());
        String html = Files.readString(written.html());
        assertThat(html).doesNotContain("<img", "</script><").contains("&lt;img src=x");
        String dataScript = html.substring(html.indexOf("id=\"report-data\">"), html.lastIndexOf("</script>\n<script>"));
        assertThat(dataScript).doesNotContain("</");
        assertThat(Files.readString(written.csv())).contains(",'=cmd,");
    }

    @Test
    void edgeCasesStillRender() throws Exception {
        ResultsFixture f = new ResultsFixture(dir);
        // one task each, one iteration, no benchmark common to both: no score, no intervals
        f.task("9", "local", "a", "a.type", "ruby", "ruby 3.4.7", Map.of("only-a", new double[] {0.5}), Map.of());
        f.task("9", "local", "b", "b.type", "yjit", "ruby 3.4.7 +YJIT", Map.of("only-b", new double[] {2.0}),
                Map.of("price_per_hour", 0.1));
        ReportGenerator.Written written = new ReportGenerator(Clock.systemUTC()).generate(dir, List.of("9"),
                PriceList.none());
        assertThat(written.report().ranking()).allSatisfy(e -> assertThat(Double.isNaN(e.score())).isTrue());
        assertThat(written.report().notes()).anyMatch(n -> n.contains("no overall score"));
        String html = Files.readString(written.html());
        assertThat(html).doesNotContain("NaN", "Infinity").contains("badge\">yjit");
        JsonNode json = new ObjectMapper().readTree(written.json().toFile());
        assertThat(json.get("ranking").get(0).get("score").isNull()).isTrue();
        assertThat(json.get("benchmarks").get(0).get("results").get(0).get("ci95_s").isNull()).isTrue();
        assertThat(Files.readString(written.csv())).doesNotContain("NaN");
    }

    @Test
    void aWideIntervalIsDrawnInsideTheChart() throws Exception {
        ResultsFixture f = new ResultsFixture(dir);
        f.task("4", "local", "x", "ruby 3.4.7", Map.of("a", new double[] {0.1, 0.1}), Map.of());
        f.task("4", "local", "x", "ruby 3.4.7", Map.of("a", new double[] {1.0, 1.0}), Map.of());
        ReportGenerator.Written written = new ReportGenerator(Clock.systemUTC()).generate(dir, List.of("4"),
                PriceList.none());
        assertThat(written.report().benchmarks().get(0).cells().get(0).summary().ciLow()).isNegative();
        String html = Files.readString(written.html());
        assertThat(html).contains("class=\"ci\" d=\"M230.0 ").doesNotContain("class=\"ci\" d=\"M-");
    }
}
