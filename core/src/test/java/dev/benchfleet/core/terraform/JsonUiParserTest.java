package dev.benchfleet.core.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.terraform.TerraformEvent.Action;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parser against lines recorded from a real Terraform 1.11.4 ({@code terraform_data} resources, offline). */
class JsonUiParserTest {

    private final JsonUiParser parser = new JsonUiParser(new ObjectMapper());

    @Test
    void applyOfRealTerraformBecomesResourcesNOfM() throws IOException {
        List<TerraformEvent> events = parse("apply-1.11.4.jsonl");

        assertThat(events.get(0)).isEqualTo(new TerraformEvent.Version("1.11.4", "1.2"));
        assertThat(events).filteredOn(TerraformEvent.PlannedChange.class::isInstance).hasSize(3)
                .allSatisfy(e -> assertThat(((TerraformEvent.PlannedChange) e).action()).isEqualTo(Action.CREATE));
        assertThat(events).filteredOn(TerraformEvent.ResourceCompleted.class::isInstance)
                .map(e -> (TerraformEvent.ResourceCompleted) e)
                .extracting(e -> e.n() + " of " + e.m() + " " + e.action().pastTense())
                .containsExactly("1 of 3 created", "2 of 3 created", "3 of 3 created");
        assertThat(events).filteredOn(TerraformEvent.ResourceStarted.class::isInstance)
                .map(e -> ((TerraformEvent.ResourceStarted) e).address())
                .containsExactlyInAnyOrder("terraform_data.a", "terraform_data.b[0]", "terraform_data.b[1]");
        assertThat(events).filteredOn(TerraformEvent.ChangeSummary.class::isInstance)
                .map(e -> (TerraformEvent.ChangeSummary) e)
                .extracting(TerraformEvent.ChangeSummary::operation, TerraformEvent.ChangeSummary::add)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("plan", 3), org.assertj.core.groups.Tuple.tuple("apply", 3));
        TerraformEvent.Outputs outputs = (TerraformEvent.Outputs) events.get(events.size() - 1);
        assertThat(outputs.sensitiveByName()).containsEntry("key", true).containsEntry("a", false);
    }

    @Test
    void destroyOfRealTerraformCountsDestroyedResources() throws IOException {
        List<TerraformEvent> events = parse("destroy-1.11.4.jsonl");

        assertThat(events).filteredOn(TerraformEvent.ResourceCompleted.class::isInstance)
                .map(e -> (TerraformEvent.ResourceCompleted) e)
                .extracting(e -> e.n() + " of " + e.m() + " " + e.action().pastTense())
                .containsExactly("1 of 3 destroyed", "2 of 3 destroyed", "3 of 3 destroyed");
        assertThat(events).filteredOn(TerraformEvent.Message.class::isInstance)
                .map(e -> ((TerraformEvent.Message) e).type()).contains("refresh_start", "refresh_complete");
        assertThat(TerraformProgress.line(events.get(events.size() - 1))).contains("Destroy complete! Resources: 3 destroyed.");
    }

    @Test
    void diagnosticsAndInterruptLinesAreTyped() {
        TerraformEvent diagnostic = parser.parse("{\"@level\":\"error\",\"@message\":\"Error: No value for required variable\","
                + "\"@module\":\"terraform.ui\",\"diagnostic\":{\"severity\":\"error\",\"summary\":\"No value for required variable\","
                + "\"detail\":\"The root module input variable \\\"name\\\" is not set\",\"address\":\"aws_instance.x\"},\"type\":\"diagnostic\"}")
                .orElseThrow();
        assertThat(diagnostic).isEqualTo(new TerraformEvent.Diagnostic(TerraformEvent.Severity.ERROR,
                "No value for required variable", "The root module input variable \"name\" is not set", "aws_instance.x"));

        TerraformEvent log = parser.parse("{\"@level\":\"info\",\"@message\":\"Stopping operation...\",\"@module\":\"terraform.ui\","
                + "\"type\":\"log\"}").orElseThrow();
        assertThat(log).isEqualTo(new TerraformEvent.Message("log", "info", "Stopping operation..."));
    }

    @Test
    void nonJsonAndBrokenLinesAreKeptNotFatal() {
        assertThat(parser.parse("2026/11/29 20:50:07 [WARN] provider printed this")).contains(
                new TerraformEvent.NonJson("2026/11/29 20:50:07 [WARN] provider printed this"));
        assertThat(parser.parse("{\"type\":\"apply_start\", broken")).get().isInstanceOf(TerraformEvent.NonJson.class);
        assertThat(parser.parse("[1,2]")).get().isInstanceOf(TerraformEvent.NonJson.class);
        assertThat(parser.parse("   ")).isEqualTo(Optional.empty());
    }

    @Test
    void withoutAPlanTheCountNeverFallsBelowN() {
        TerraformEvent e = parser.parse("{\"type\":\"apply_complete\",\"hook\":{\"resource\":{\"addr\":\"x.y\"},"
                + "\"action\":\"create\",\"elapsed_seconds\":4}}").orElseThrow();
        assertThat(e).isEqualTo(new TerraformEvent.ResourceCompleted("x.y", Action.CREATE, 1, 1, 4));
        assertThat(TerraformProgress.line(e)).contains("x.y: created after 4s (1 of 1)");
    }

    private List<TerraformEvent> parse(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/terraform/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(parser::parse).flatMap(Optional::stream).toList();
        }
    }
}
