package dev.benchfleet.core.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.journal.RunsFolder;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.MachineUsage;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.spi.TeardownContext;
import dev.benchfleet.protocol.TaskCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceHoursTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reports the machines its journal state lists: {"machines": [{"alias", "id", "created", "ended"}]}. */
    private static final class MeteredProvider implements TaskRunnerProvider {
        private final String name;

        MeteredProvider(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ProviderPhase phase() {
            return ProviderPhase.PRE_ORCHESTRATOR;
        }

        @Override
        public SetupResult setup(ProviderContext context) {
            return SetupResult.of(List.of());
        }

        @Override
        public List<MachineUsage> usage(TeardownContext context) {
            List<MachineUsage> machines = new ArrayList<>();
            context.state().load().ifPresent(state -> state.path("machines").forEach(m -> machines.add(new MachineUsage(
                    m.path("alias").asText(), m.path("id").asText(), Instant.parse(m.path("created").asText()),
                    m.path("ended").isNull() ? null : Instant.parse(m.path("ended").asText())))));
            return machines;
        }
    }

    @Test
    void hoursArePerProviderAndAliasFromCreationToTheEndOfTeardownAndMachinesStillUpCountUntilNow(@TempDir Path base)
            throws Exception {
        Path config = Files.writeString(base.resolve("c.json"), "{}");
        String runId = "178000000000000001";
        RunJournal journal = RunJournal.create(new RunsFolder(base, Clock.systemUTC()).runDir(runId), Clock.systemUTC(),
                runId, base, config, "0".repeat(64), RunFlags.defaults(), false);
        journal.provider("cloud", "pre_orchestrator", 60);
        journal.provider("gone", "pre_orchestrator", 60);
        journal.state("cloud").save(JSON.readTree("""
                {"machines": [
                  {"alias": "c7g", "id": "i-1", "created": "2026-11-29T10:00:00Z", "ended": "2026-11-29T10:30:00Z"},
                  {"alias": "c7g", "id": "i-2", "created": "2026-11-29T10:00:00Z", "ended": "2026-11-29T10:45:00Z"},
                  {"alias": "c7i", "id": "i-3", "created": "2026-11-29T10:15:00Z", "ended": null}]}
                """));
        List<String> warnings = new ArrayList<>();
        FlowListener listener = new FlowListener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        };

        InstanceHours hours = InstanceHours.collect(journal, ProviderRegistry.of(List.of(new MeteredProvider("cloud"))),
                Environment.empty(), listener, T0.plus(Duration.ofHours(1)));

        assertThat(hours.hoursByAlias()).containsExactly(Map.entry("cloud/c7g", new java.math.BigDecimal("1.250")),
                Map.entry("cloud/c7i", new java.math.BigDecimal("0.750")));
        assertThat(hours.totalHours()).isEqualByComparingTo("2.0");
        assertThat(hours.machines()).isEqualTo(3);
        assertThat(hours.stillUp()).isEqualTo(1);
        assertThat(hours.describe()).isEqualTo("Instance-hours: 2.000 h (cloud/c7g 1.250 h, cloud/c7i 0.750 h; "
                + "3 machines, 1 still up, counted until now)");
        assertThat(warnings).isEmpty();
    }

    @Test
    void theSummaryLineKeepsItsFieldsInOrderAndAddsInstanceHoursLast() {
        InstanceHours hours = InstanceHours.of(Map.of("aws", List.of(new MachineUsage("c7g", "i-1", T0,
                T0.plus(Duration.ofMinutes(90))))), T0.plus(Duration.ofHours(2)));
        FlowOutcome outcome = new FlowOutcome("178000000000000001", "completed", TaskCounts.NONE, 0, null, null,
                Path.of("status/x.json"), Path.of("results/x"), "", List.of(), hours);

        JsonNode summary = outcome.summary();

        List<String> fields = new ArrayList<>();
        summary.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("run_id", "orchestrator_url", "dashboard_url", "status_file", "results_dir",
                "status", "tasks", "exit_code", "instance_hours");
        assertThat(summary.at("/instance_hours/total").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(summary.at("/instance_hours/aliases/aws~1c7g").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(summary.at("/instance_hours/machines").asInt()).isEqualTo(1);
        assertThat(summary.at("/instance_hours/still_up").asInt()).isZero();
    }

    @Test
    void aMachineCannotEndBeforeItWasCreated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MachineUsage("a", "i-1", T0, T0.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ended");
    }
}
