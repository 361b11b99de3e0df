package dev.benchfleet.examples.provider;

import com.google.auto.service.AutoService;
import dev.benchfleet.core.capacity.EntryCapacity;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.CapacityModel;
import dev.benchfleet.core.spi.InstanceCatalog;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.SpiVersion;
import dev.benchfleet.core.spi.StartedResource;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.spi.TeardownContext;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.benchfleet.core.spi.ValidationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * An example third-party provider: "bring your own machines". It starts nothing; its setup prints,
 * per instance entry, the exact command to run on a machine of your own, and the run waits for
 * those task runners like any other. Entries must say how many {@code vcpus} the machine has.
 *
 * <p>This is the whole of what a provider jar needs: implement {@link TaskRunnerProvider}, register
 * it with {@code @AutoService}, put the jar on the class path, and use its name as a config key:
 * <pre>{@code "byo": [{"instance_type": "my-desktop", "alias": "desk", "vcpus": 8}]}</pre>
 * Its test extends the core contract kit ({@code ByoProviderContractTest}).
 */
@AutoService(TaskRunnerProvider.class)
@SpiVersion(SpiVersion.CURRENT)
public final class ByoProvider implements TaskRunnerProvider {

    @Override
    public String name() {
        return "byo";
    }

    @Override
    public ProviderPhase phase() {
        return ProviderPhase.POST_RUN;
    }

    @Override
    public CapacityModel capacityModel() {
        return CapacityModel.SINGLE_HOST;
    }

    @Override
    public InstanceCatalog instanceCatalog() {
        return InstanceCatalog.empty(); // your machines: the config says how big they are
    }

    @Override
    public List<Problem> validate(ValidationContext context) {
        if (context.flags().localOrchestrator()) {
            return List.of(Problem.flag("--local-orchestrator", "byo machines are elsewhere and cannot reach an "
                    + "orchestrator on loopback; use --skip-infra with a reachable orchestrator"));
        }
        return List.of();
    }

    @Override
    public List<String> describe(ValidationContext context) {
        return List.of("starts nothing: prints the command for each of your machines");
    }

    @Override
    public SetupResult setup(ProviderContext context) {
        List<StartedResource> manual = new ArrayList<>();
        for (EntryCapacity entry : context.capacity().entries()) {
            String command = "API_KEY=<the run's key> java -jar task-runner.jar --orchestrator-url "
                    + context.orchestratorUrl() + " --run-id " + context.runId() + " --provider " + name()
                    + " --instance-type " + entry.instanceType() + (context.flags().mock() ? " --mock" : "");
            context.info("on " + entry.alias() + ", start " + entry.runnersPerInstance() + " runner(s): " + command);
            manual.add(new StartedResource("manual", entry.alias(), ""));
        }
        // What a provider records is its own business: here, only which machines were asked to run runners.
        ArrayNode aliases = JsonNodeFactory.instance.arrayNode();
        manual.forEach(resource -> aliases.add(resource.id()));
        context.state().save(JsonNodeFactory.instance.objectNode().set("manual", aliases));
        return new SetupResult(manual, "stop the task runners you started on your machines");
    }

    /** Nothing to remove: the runners are on your machines. Says which, from the journal alone. */
    @Override
    public void teardown(TeardownContext context) {
        context.state().load().ifPresent(state -> state.path("manual").forEach(alias ->
                context.info("stop the task runners you started on " + alias.asText() + " (run " + context.runId() + ")")));
    }
}
