package dev.benchfleet.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.capacity.CapacityPlanner;
import dev.benchfleet.core.capacity.ProviderCapacity;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.RunConfigLoader;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderEvent;
import dev.benchfleet.core.spi.ProviderState;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.TeardownContext;
import dev.benchfleet.provider.azure.catalog.AzureVmCatalog;
import dev.benchfleet.provider.azure.sweep.SweepTiming;
import dev.benchfleet.testkit.terraform.FakeTerraform;
import dev.benchfleet.testkit.terraform.FakeTerraformCall;
import dev.benchfleet.testkit.terraform.FakeTerraformScript;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the provider asks Terraform, through the fake terraform's transcript, for a three-alias config: the var
 * file is the capacity plan, no secret is on argv or in a file (the runner token only as TF_VAR_runner_token, the
 * client secret in neither), the SSH key lands 0600 in the run folder, and a cancelled
 * or failed apply is destroyed by teardown from the journal state, then the run's resource group is deleted.
 */
class AzureTerraformTranscriptTest {

    private static final String RUN_ID = "173400000012345678";
    private static final String TOKEN = "s3cret-runner-token-0123456789";
    private static final String CONFIG = "{\"ruby_version\": \"3.4.7\", \"runs_per_instance_type\": 4,"
            + " \"task_runners\": {\"count\": {\"azure\": 2}},"
            + " \"providers\": {\"azure\": {\"region\": \"westeurope\", \"max_hours\": 6}},"
            + " \"azure\": [{\"instance_type\": \"Standard_D2ps_v5\", \"alias\": \"d2ps\"},"
            + "             {\"instance_type\": \"standard_e4-2s_v5\", \"alias\": \"e4-2s\"},"
            + "             {\"instance_type\": \"Standard_F4s_v2\", \"alias\": \"f4\", \"spot\": true}]}";

    @TempDir
    Path tmp;
    private AzureFixture fixture;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ProviderState state = ProviderState.inMemory();
    private final List<ProviderEvent> events = new CopyOnWriteArrayList<>();
    private final FakeArm arm = new FakeArm();
    private AzureProvider provider;
    private Path runDir;

    @BeforeEach
    void setUp() {
        fixture = new AzureFixture(tmp);
        provider = new AzureProvider(AzureVmCatalog.bundled(), arm, new SweepTiming(Duration.ofSeconds(5), Duration.ZERO),
                Clock.systemUTC());
        runDir = tmp.resolve("base/.benchfleet/runs/" + RUN_ID);
    }

    private ProviderContext context(CancellationToken cancellation) {
        ProviderConfig config = new RunConfigLoader(List.of("azure")).parse(CONFIG, "test config").slice("azure");
        ProviderCapacity capacity = new CapacityPlanner().plan(config, provider.instanceCatalog(), provider.capacityModel());
        return ProviderContext.builder(config, capacity).flags(RunFlags.defaults().withMock(true))
                .environment(fixture.environment()).runId(RUN_ID).orchestratorUrl(URI.create("http://198.51.100.4:8080/"))
                .apiKey(Secret.of(TOKEN)).rubyVersion("3.4.7").workDir(runDir.resolve("azure"))
                .cancellation(cancellation).events(events::add).state(state).build();
    }

    private TeardownContext freshTeardown() throws Exception {
        ProviderState recorded = ProviderState.inMemory(mapper.readTree(state.load().orElseThrow().toString()));
        return TeardownContext.builder("azure", RUN_ID, runDir.resolve("azure")).state(recorded)
                .environment(fixture.environment()).events(events::add).build();
    }

    @Test
    void theVarFileIsTheCapacityPlanAndNoSecretIsOnArgvOrInAFile() throws Exception {
        SetupResult result = provider.setup(context(new CancellationToken()));

        assertThat(result.started()).extracting(r -> r.kind()).containsExactly("azure-vm");
        assertThat(result.started().get(0).address()).isEqualTo("203.0.113.7");
        FakeTerraformCall apply = fixture.terraform.calls("apply").get(0);
        assertThat(apply.workDir()).isEqualTo(runDir.resolve("azure/terraform").toString());
        JsonNode vars = apply.varFiles().values().iterator().next();
        assertThat(vars.get("instances")).isEqualTo(mapper.readTree("{"
                + "\"d2ps\": {\"instance_type\": \"Standard_D2ps_v5\", \"arch\": \"arm64\", \"runners\": 2, \"instance_count\": 2, \"spot\": false},"
                + "\"e4-2s\": {\"instance_type\": \"Standard_E4-2s_v5\", \"arch\": \"x86_64\", \"runners\": 2, \"instance_count\": 2, \"spot\": false},"
                + "\"f4\": {\"instance_type\": \"Standard_F4s_v2\", \"arch\": \"x86_64\", \"runners\": 2, \"instance_count\": 2, \"spot\": true}}"));
        assertThat(vars.get("subscription_id").asText()).isEqualTo(AzureFixture.SUBSCRIPTION);
        assertThat(vars.get("region").asText()).isEqualTo("westeurope");
        assertThat(vars.get("run_id").asText()).isEqualTo(RUN_ID);
        assertThat(vars.get("orchestrator_url").asText()).isEqualTo("http://198.51.100.4:8080");
        assertThat(vars.get("max_hours").asInt()).isEqualTo(6);
        assertThat(vars.get("os_disk_gb").asInt()).isEqualTo(64);
        assertThat(vars.get("task_runner_sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(vars.get("task_runner_dockerfile").asText()).contains("FROM ");
        assertThat(vars.has("runner_token")).isFalse();

        for (FakeTerraformCall call : fixture.terraform.transcript()) {
            assertThat(call.commandLine()).doesNotContain(TOKEN).doesNotContain(AzureFixture.CLIENT_SECRET);
            call.varFiles().values().forEach(file -> assertThat(file.toString()).doesNotContain(TOKEN)
                    .doesNotContain(AzureFixture.CLIENT_SECRET));
        }
        // (The fake records only TF_* variables; ARM_* reach the child as core's Terraform driver passes the environment.)
        assertThat(apply.environment()).containsEntry("TF_VAR_runner_token", FakeTerraform.fingerprint(TOKEN));
        Path key = runDir.resolve("azure/terraform/ssh-key.pem");
        assertThat(Files.readString(key)).isEqualTo(AzureFixture.SSH_KEY);
        assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        try (var files = Files.walk(runDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(TOKEN)
                        .doesNotContain(AzureFixture.CLIENT_SECRET);
            }
        }
        JsonNode recorded = state.load().orElseThrow();
        assertThat(recorded.get("phase").asText()).isEqualTo("APPLIED");
        assertThat(recorded.get("resource_group").asText()).isEqualTo("benchfleet-" + RUN_ID);
        assertThat(recorded.get("subscription_id").asText()).isEqualTo(AzureFixture.SUBSCRIPTION);
        assertThat(events).anyMatch(e -> e.message().contains("created"));
    }

    @Test
    void silentVmsGetTheirSerialLogSavedPrivatelyIntoTheRunsLogs() throws Exception {
        provider.setup(context(new CancellationToken()));
        Path logs = Files.createDirectories(runDir.resolve("logs"));
        arm.serialLogs.put("d2ps-1", "[  OK  ] Started cloud-init.\nbenchfleet: docker pull failed: no route to host\n\n");

        assertThat(provider.diagnoseBoot(dev.benchfleet.core.spi.BootCheckContext.of(freshTeardown(), Set.of("e4-2s"), logs,
                Duration.ofMinutes(15)))).as("only the silent aliases' VMs").isEmpty();
        assertThat(arm.calls).noneMatch(call -> call.startsWith("serial-log"));

        List<dev.benchfleet.core.spi.MachineDiagnosis> saved = provider.diagnoseBoot(
                dev.benchfleet.core.spi.BootCheckContext.of(freshTeardown(), Set.of("d2ps"), logs, Duration.ofMinutes(15)));

        Path log = logs.resolve("azure-serial-d2ps-d2ps-1.log");
        assertThat(saved).singleElement().satisfies(vm -> {
            assertThat(vm.alias()).isEqualTo("d2ps");
            assertThat(vm.machineId()).isEqualTo("d2ps-1");
            assertThat(vm.log()).isEqualTo(log);
            assertThat(vm.note()).isEqualTo("last line: benchfleet: docker pull failed: no route to host");
        });
        assertThat(arm.calls).contains("serial-log benchfleet-" + RUN_ID + "/d2ps-1");
        assertThat(Files.readString(log)).contains("docker pull failed");
        assertThat(Files.getPosixFilePermissions(log)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);

        arm.serialLogs.clear();
        assertThat(provider.diagnoseBoot(dev.benchfleet.core.spi.BootCheckContext.of(freshTeardown(), Set.of("d2ps"), logs,
                Duration.ofMinutes(15)))).singleElement().satisfies(vm ->
                assertThat(vm.note()).contains("no serial log yet"));
        assertThat(Files.readString(log)).contains("Azure has no serial log of d2ps-1 yet");

        arm.serialLogFailures.put("d2ps-1", new dev.benchfleet.provider.azure.arm.ArmException(404, "ResourceNotFound",
                "boot diagnostics of d2ps-1: HTTP 404 ResourceNotFound"));
        events.clear();
        assertThat(provider.diagnoseBoot(dev.benchfleet.core.spi.BootCheckContext.of(freshTeardown(), Set.of("d2ps"), logs,
                Duration.ofMinutes(15)))).isEmpty();
        assertThat(events).anySatisfy(event -> assertThat(event.message()).contains("no serial log of d2ps-1", "404"));
    }

    @Test
    void vmHoursRunFromWhenTerraformStartedTheVmToWhenTeardownFinished() throws Exception {
        java.time.Instant before = java.time.Instant.now();
        provider.setup(context(new CancellationToken()));
        java.time.Instant afterSetup = java.time.Instant.now();

        List<dev.benchfleet.core.spi.MachineUsage> up = provider.usage(freshTeardown());
        assertThat(up).singleElement().satisfies(vm -> {
            assertThat(vm.alias()).isEqualTo("d2ps");
            assertThat(vm.id()).isEqualTo("d2ps-1");
            assertThat(vm.created()).isBetween(before, afterSetup);
            assertThat(vm.knownEnd()).as("still up").isEmpty();
        });
        JsonNode recorded = state.load().orElseThrow();
        assertThat(recorded.at("/vms/0/created_at").asText()).isEqualTo(up.get(0).created().toString());

        arm.addGroup("benchfleet-" + RUN_ID, Map.of("benchfleet-run-id", RUN_ID, "benchfleet-managed", "true"));
        arm.deletePolls = 1_000; // the group outlives the sweep's deadline: the VM has no known end
        provider = new AzureProvider(AzureVmCatalog.bundled(), arm, new SweepTiming(Duration.ZERO, Duration.ZERO),
                Clock.systemUTC());
        TeardownContext stuck = freshTeardown();
        provider.teardown(stuck);
        assertThat(provider.usage(stuck)).singleElement().satisfies(vm -> assertThat(vm.knownEnd()).isEmpty());

        arm.deleting.clear(); // Azure gets on with it: the next nuke sees the group go
        arm.deletePolls = 1;
        provider.teardown(stuck);
        java.time.Instant afterTeardown = java.time.Instant.now();
        assertThat(provider.usage(stuck)).singleElement().satisfies(vm -> {
            assertThat(vm.created()).isEqualTo(up.get(0).created());
            assertThat(vm.knownEnd()).hasValueSatisfying(end -> assertThat(end).isBetween(afterSetup, afterTeardown));
        });
    }

    @Test
    void aFailedApplyIsDestroyedFromTheJournalAndTheRunsGroupDeletedAndWaitedFor() throws Exception {
        fixture.terraform.script(AzureFixture.script().failAfter(FakeTerraformScript.Subcommand.APPLY, 1,
                "creating Linux Virtual Machine: SkuNotAvailable").build());

        assertThatThrownBy(() -> provider.setup(context(new CancellationToken()))).isInstanceOf(ExternalException.class)
                .hasMessageContaining("SkuNotAvailable");
        JsonNode recorded = state.load().orElseThrow();
        assertThat(recorded.get("phase").asText()).isEqualTo("APPLYING");
        assertThat(recorded.get("terraform_dir").asText()).isEqualTo(runDir.resolve("azure/terraform").toString());

        // Terraform lost track of the group (say, the state write failed): the tag sweep still deletes it.
        arm.addGroup("benchfleet-" + RUN_ID, Map.of("benchfleet-run-id", RUN_ID, "benchfleet-managed", "true"));
        fixture.terraform.script(AzureFixture.script().build());
        TeardownContext teardown = freshTeardown();
        provider.teardown(teardown);

        assertThat(fixture.terraform.transcript()).extracting(FakeTerraformCall::subcommand).last().isEqualTo("destroy");
        assertThat(fixture.terraform.calls("destroy").get(0).environment()).containsKey("TF_VAR_runner_token");
        assertThat(arm.calls).containsSubsequence("list benchfleet-run-id=" + RUN_ID, "delete benchfleet-" + RUN_ID,
                "exists benchfleet-" + RUN_ID, "exists benchfleet-" + RUN_ID, "list benchfleet-run-id=" + RUN_ID);
        assertThat(arm.groups).isEmpty();
        assertThat(provider.remaining(teardown)).isEmpty();
        assertThat(runDir.resolve("azure/terraform")).doesNotExist();
    }

    @Test
    void ctrlCDuringTheApplyInterruptsTerraformAndTeardownDestroys() throws Exception {
        fixture.terraform.script(AzureFixture.script().delay(FakeTerraformScript.Subcommand.APPLY, Duration.ofMillis(700)).build());
        CancellationToken cancel = new CancellationToken();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "azure-setup"));
        try {
            Future<?> setup = executor.submit(() -> provider.setup(context(cancel)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // Cancel once the apply has created the resource group (its state is then not empty), mid-apply.
            while (events.stream().noneMatch(e -> e.message().startsWith("azurerm_resource_group.run: created"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            cancel.cancel();
            assertThatThrownBy(() -> setup.get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(CancellationToken.CancelledException.class);
        } finally {
            executor.shutdownNow();
        }
        FakeTerraformCall interrupted = fixture.terraform.calls("apply").get(0);
        assertThat(interrupted.interrupted()).as("SIGINT, not a kill").isTrue();
        assertThat(interrupted.killed()).isFalse();

        fixture.terraform.script(AzureFixture.script().build());
        TeardownContext teardown = freshTeardown();
        provider.teardown(teardown);

        assertThat(fixture.terraform.calls("destroy")).hasSize(1);
        assertThat(provider.remaining(teardown)).isEmpty();
        provider.teardown(teardown); // a second nuke is harmless
        assertThat(fixture.terraform.calls("destroy")).hasSize(1);
        assertThat(Set.copyOf(arm.calls)).contains("list benchfleet-run-id=" + RUN_ID);
    }
}
