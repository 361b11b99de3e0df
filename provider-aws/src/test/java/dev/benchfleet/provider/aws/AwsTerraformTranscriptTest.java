package dev.benchfleet.provider.aws;

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
import dev.benchfleet.provider.aws.catalog.AwsInstanceCatalog;
import dev.benchfleet.provider.aws.sweep.SweepTiming;
import dev.benchfleet.testkit.terraform.FakeTerraform;
import dev.benchfleet.testkit.terraform.FakeTerraformCall;
import dev.benchfleet.testkit.terraform.FakeTerraformScript;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the provider asks Terraform, through the fake terraform's transcript, for a two-alias config: the
 * var file is the capacity plan, the runner token is only in the child's environment, and a cancelled or
 * failed apply is destroyed by teardown from the journal state.
 */
class AwsTerraformTranscriptTest {

    private static final String RUN_ID = "173400000012345678";
    private static final String TOKEN = "s3cret-runner-token-0123456789";
    private static final String CONFIG = "{\"ruby_version\": \"3.4.7\", \"runs_per_instance_type\": 4,"
            + " \"task_runners\": {\"count\": {\"aws\": 2}},"
            + " \"providers\": {\"aws\": {\"region\": \"eu-west-1\", \"max_hours\": 6}},"
            + " \"aws\": [{\"instance_type\": \"c7g.medium\", \"alias\": \"c7g\", \"spot\": true},"
            + "           {\"instance_type\": \"c7i.xlarge\", \"alias\": \"c7i\"}]}";

    @TempDir
    Path tmp;
    private AwsFixture fixture;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ProviderState state = ProviderState.inMemory();
    private final List<ProviderEvent> events = new CopyOnWriteArrayList<>();
    private final FakeAws aws = new FakeAws();
    private AwsProvider provider;
    private Path runDir;

    @BeforeEach
    void setUp() {
        fixture = new AwsFixture(tmp);
        provider = new AwsProvider(AwsInstanceCatalog.bundled(), aws,
                new SweepTiming(Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, Duration.ZERO, 3), Clock.systemUTC());
        runDir = tmp.resolve("base/.benchfleet/runs/" + RUN_ID);
    }

    private ProviderContext context(CancellationToken cancellation) {
        return context(cancellation, TOKEN);
    }

    private ProviderContext context(CancellationToken cancellation, String token) {
        ProviderConfig config = new RunConfigLoader(List.of("aws")).parse(CONFIG, "test config").slice("aws");
        ProviderCapacity capacity = new CapacityPlanner().plan(config, provider.instanceCatalog(), provider.capacityModel());
        return ProviderContext.builder(config, capacity).flags(RunFlags.defaults().withMock(true))
                .environment(fixture.environment()).runId(RUN_ID).orchestratorUrl(URI.create("http://198.51.100.4:8080/"))
                .apiKey(Secret.of(token)).rubyVersion("3.4.7").workDir(runDir.resolve("aws"))
                .cancellation(cancellation).events(events::add).state(state).build();
    }

    private TeardownContext freshTeardown() throws Exception {
        ProviderState recorded = ProviderState.inMemory(mapper.readTree(state.load().orElseThrow().toString()));
        return TeardownContext.builder("aws", RUN_ID, runDir.resolve("aws")).state(recorded)
                .environment(fixture.environment()).build();
    }

    private boolean createdRunResource() {
        return events.stream().anyMatch(e -> e.message().startsWith("aws_security_group.runner: created"));
    }

    private List<FakeTerraformCall> runnerCalls(String subcommand) {
        String dir = runDir.resolve("aws/terraform").toString();
        return fixture.terraform.calls(subcommand).stream().filter(c -> c.workDir().equals(dir)).toList();
    }

    @Test
    void theMachinesGetTheRunsTokenTheMastersJarHashAndTheCertificateButNeverTheAdminKey() throws Exception {
        String adminKey = "admin-key-that-stays-on-the-master-0123";
        String sha = "0123456789abcdef".repeat(4);
        String pem = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----";
        ProviderConfig config = new RunConfigLoader(List.of("aws")).parse(CONFIG, "test config").slice("aws");
        ProviderCapacity capacity = new CapacityPlanner().plan(config, provider.instanceCatalog(), provider.capacityModel());
        ProviderContext context = ProviderContext.builder(config, capacity).flags(RunFlags.defaults().withMock(true))
                .environment(fixture.environment()).runId(RUN_ID).orchestratorUrl(URI.create("https://198.51.100.4/"))
                .orchestratorCertSha256("ab".repeat(32)).orchestratorCertPem(pem)
                .apiKey(Secret.of(adminKey)).runnerToken(Secret.of(TOKEN)).taskRunnerSha256(sha)
                .rubyVersion("3.4.7").workDir(runDir.resolve("aws"))
                .cancellation(new CancellationToken()).events(events::add).state(state).build();

        provider.setup(context);

        FakeTerraformCall apply = runnerCalls("apply").get(0);
        JsonNode vars = apply.varFiles().values().iterator().next();
        assertThat(vars.get("task_runner_sha256").asText()).isEqualTo(sha);
        assertThat(vars.get("orchestrator_cert_pem").asText()).isEqualTo(pem);
        assertThat(vars.get("orchestrator_url").asText()).isEqualTo("https://198.51.100.4");
        assertThat(vars.has("runner_token")).isFalse();
        assertThat(apply.environment()).containsEntry("TF_VAR_runner_token", FakeTerraform.fingerprint(TOKEN));
        for (FakeTerraformCall call : fixture.terraform.transcript()) {
            assertThat(call.commandLine()).doesNotContain(adminKey).doesNotContain(TOKEN);
            assertThat(call.environment().values()).noneMatch(v -> v.contains(adminKey)
                    || v.equals(FakeTerraform.fingerprint(adminKey)));
            call.varFiles().values().forEach(file -> assertThat(file.toString()).doesNotContain(adminKey).doesNotContain(TOKEN));
        }
    }

    @Test
    void anEntrysArchWinsOverTheCatalogAndTheFamilyName() {
        var entry = dev.benchfleet.core.config.InstanceEntry.withVcpus("c9gx.large", "new", 2);

        assertThat(provider.architectureOf(entry).ec2Name()).as("family name").isEqualTo("arm64");
        assertThat(provider.architectureOf(entry.withArchitecture(dev.benchfleet.core.spi.Architecture.X86_64)).ec2Name())
                .isEqualTo("x86_64");
        assertThat(provider.architectureOf(dev.benchfleet.core.config.InstanceEntry.of("c7i.large", "c7i")
                .withArchitecture(dev.benchfleet.core.spi.Architecture.ARM64)).ec2Name()).isEqualTo("arm64");
    }

    @Test
    void theVarFileIsTheCapacityPlanAndTheTokenIsOnlyInTheEnvironment() throws Exception {
        SetupResult result = provider.setup(context(new CancellationToken()));

        assertThat(result.started()).extracting(r -> r.id()).containsExactly("i-0aaa");
        FakeTerraformCall apply = runnerCalls("apply").get(0);
        JsonNode vars = apply.varFiles().values().iterator().next();
        assertThat(vars.get("instances")).isEqualTo(mapper.readTree("{"
                + "\"c7g\": {\"instance_type\": \"c7g.medium\", \"arch\": \"arm64\", \"runners\": 1, \"instance_count\": 4, \"spot\": true},"
                + "\"c7i\": {\"instance_type\": \"c7i.xlarge\", \"arch\": \"x86_64\", \"runners\": 2, \"instance_count\": 2, \"spot\": false}}"));
        assertThat(vars.get("region").asText()).isEqualTo("eu-west-1");
        assertThat(vars.get("run_id").asText()).isEqualTo(RUN_ID);
        assertThat(vars.get("orchestrator_url").asText()).isEqualTo("http://198.51.100.4:8080");
        assertThat(vars.get("max_hours").asInt()).isEqualTo(6);
        assertThat(vars.get("mock").asBoolean()).isTrue();
        assertThat(vars.get("task_runner_sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(vars.get("task_runner_dockerfile").asText()).contains("FROM ");
        assertThat(vars.has("runner_token")).isFalse();

        for (FakeTerraformCall call : fixture.terraform.transcript()) {
            assertThat(call.commandLine()).doesNotContain(TOKEN);
            call.varFiles().values().forEach(file -> assertThat(file.toString()).doesNotContain(TOKEN));
        }
        assertThat(apply.environment()).containsEntry("TF_VAR_runner_token", FakeTerraform.fingerprint(TOKEN));
        try (var files = Files.walk(runDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(TOKEN);
            }
        }
        // The network is applied first, in the region's own long-lived folder outside the run.
        assertThat(fixture.terraform.transcript()).as("nothing of the run's calls went to the network folder")
                .allMatch(call -> call.workDir().equals(runDir.resolve("aws/terraform").toString()));
        FakeTerraformCall network = fixture.network.calls("apply").get(0);
        assertThat(network.workDir()).isEqualTo(tmp.resolve("base/.benchfleet/networks/aws-eu-west-1").toString());
        assertThat(network.varFiles().values().iterator().next().get("region").asText()).isEqualTo("eu-west-1");
        assertThat(events).anyMatch(e -> e.message().contains("created"));

        JsonNode recorded = state.load().orElseThrow();
        assertThat(recorded.get("phase").asText()).isEqualTo("APPLIED");
        assertThat(recorded.get("instance_ids")).extracting(JsonNode::asText).containsExactly("i-0aaa");
        assertThat(recorded.get("region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void instanceHoursRunFromWhenTerraformStartedTheInstanceToWhenTeardownFinished() throws Exception {
        java.time.Instant before = java.time.Instant.now();
        provider.setup(context(new CancellationToken()));
        java.time.Instant afterSetup = java.time.Instant.now();

        List<dev.benchfleet.core.spi.MachineUsage> up = provider.usage(freshTeardown());
        assertThat(up).singleElement().satisfies(machine -> {
            assertThat(machine.alias()).isEqualTo("c7g");
            assertThat(machine.id()).isEqualTo("i-0aaa");
            assertThat(machine.created()).isBetween(before, afterSetup);
            assertThat(machine.knownEnd()).as("still up").isEmpty();
        });

        TeardownContext teardown = freshTeardown();
        provider.teardown(teardown);
        java.time.Instant afterTeardown = java.time.Instant.now();

        assertThat(provider.usage(teardown)).singleElement().satisfies(machine -> {
            assertThat(machine.created()).isEqualTo(up.get(0).created());
            assertThat(machine.knownEnd()).hasValueSatisfying(end -> assertThat(end).isBetween(afterSetup, afterTeardown));
        });
    }

    @Test
    void silentMachinesGetTheirConsoleOutputSavedPrivatelyIntoTheRunsLogs() throws Exception {
        provider.setup(context(new CancellationToken()));
        aws.instance("i-0aaa", RUN_ID).console("i-0aaa", "[  OK  ] Started cloud-init.\nbenchfleet: image build attempt 3 failed\n");
        Path logs = Files.createDirectories(runDir.resolve("logs"));

        List<dev.benchfleet.core.spi.MachineDiagnosis> saved = provider.diagnoseBoot(
                dev.benchfleet.core.spi.BootCheckContext.of(freshTeardown(), java.util.Set.of("c7g"), logs, Duration.ofMinutes(15)));

        assertThat(saved).singleElement().satisfies(machine -> {
            assertThat(machine.alias()).isEqualTo("c7g");
            assertThat(machine.machineId()).isEqualTo("i-0aaa");
            assertThat(machine.log()).isEqualTo(logs.resolve("aws-console-c7g-i-0aaa.log"));
            assertThat(machine.note()).isEqualTo("last line: benchfleet: image build attempt 3 failed");
        });
        assertThat(Files.readString(logs.resolve("aws-console-c7g-i-0aaa.log"))).contains("Started cloud-init");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(logs.resolve("aws-console-c7g-i-0aaa.log")))).isEqualTo("rw-------");
        assertThat(aws.calls).contains("get-console-output i-0aaa");
        assertThat(provider.diagnoseBoot(dev.benchfleet.core.spi.BootCheckContext.of(freshTeardown(),
                java.util.Set.of("c7i"), logs, Duration.ofMinutes(15)))).as("only the silent aliases' machines").isEmpty();
    }

    @Test
    void aTokenThatIsNotSafeForUserDataStopsBeforeTerraformAndIsNotShown() {
        String unsafe = "two words' \"quoted\" $(reboot)";
        assertThatThrownBy(() -> provider.setup(context(new CancellationToken(), unsafe)))
                .isInstanceOf(dev.benchfleet.core.error.ConfigException.class)
                .satisfies(e -> assertThat(((dev.benchfleet.core.error.ConfigException) e).describe())
                        .contains("-k/--api-key").doesNotContain("reboot"));
        assertThat(fixture.terraform.transcript()).isEmpty();
        assertThat(fixture.network.transcript()).isEmpty();
        assertThat(state.load()).isEmpty();
    }

    @Test
    void theJournalKnowsTheFolderBeforeTheApplyAndAFailedApplyIsDestroyed() throws Exception {
        fixture.terraform.script(AwsFixture.script().failAfter(FakeTerraformScript.Subcommand.APPLY, 1,
                "creating EC2 Instance: InsufficientInstanceCapacity").build());

        assertThatThrownBy(() -> provider.setup(context(new CancellationToken()))).isInstanceOf(ExternalException.class)
                .hasMessageContaining("InsufficientInstanceCapacity");
        JsonNode recorded = state.load().orElseThrow();
        assertThat(recorded.get("phase").asText()).isEqualTo("APPLYING");
        assertThat(recorded.get("terraform_dir").asText()).isEqualTo(runDir.resolve("aws/terraform").toString());

        fixture.terraform.script(AwsFixture.script().build());
        provider.teardown(freshTeardown());

        assertThat(fixture.terraform.transcript()).extracting(FakeTerraformCall::subcommand).last().isEqualTo("destroy");
        assertThat(runnerCalls("destroy")).hasSize(1);
        assertThat(runnerCalls("destroy").get(0).environment()).containsKey("TF_VAR_runner_token");
        assertThat(aws.calls).contains("describe-instances", "describe-sgs");
    }

    @Test
    void ctrlCDuringTheApplyInterruptsTerraformAndTeardownDestroys() throws Exception {
        fixture.terraform.script(AwsFixture.script().delay(FakeTerraformScript.Subcommand.APPLY, Duration.ofMillis(700)).build());
        CancellationToken cancel = new CancellationToken();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "aws-setup"));
        try {
            Future<?> setup = executor.submit(() -> provider.setup(context(cancel)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // Cancel once the run's apply has created something (its state is then not empty), mid-apply.
            while (!createdRunResource() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(createdRunResource()).as("the run's apply created its security group").isTrue();
            cancel.cancel();
            assertThatThrownBy(() -> setup.get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(CancellationToken.CancelledException.class);
        } finally {
            executor.shutdownNow();
        }
        FakeTerraformCall interrupted = runnerCalls("apply").get(0);
        assertThat(interrupted.interrupted()).as("SIGINT, not a kill").isTrue();
        assertThat(interrupted.killed()).isFalse();

        fixture.terraform.script(AwsFixture.script().build());
        TeardownContext teardown = freshTeardown();
        provider.teardown(teardown);

        assertThat(runnerCalls("destroy")).hasSize(1);
        assertThat(provider.remaining(teardown)).isEmpty();
        assertThat(runDir.resolve("aws/terraform")).doesNotExist();
        provider.teardown(teardown); // a second nuke is harmless
        assertThat(runnerCalls("destroy")).hasSize(1);
    }
}
