package dev.benchfleet.testkit.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.core.terraform.Terraform;
import dev.benchfleet.core.terraform.TerraformBinary;
import dev.benchfleet.core.terraform.TerraformEvent;
import dev.benchfleet.core.terraform.TerraformModule;
import dev.benchfleet.core.terraform.TerraformOutputs;
import dev.benchfleet.core.terraform.TerraformSettings;
import dev.benchfleet.core.terraform.TerraformStack;
import dev.benchfleet.core.terraform.TerraformState;
import dev.benchfleet.testkit.terraform.FakeTerraformScript.Subcommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Terraform driver and stack, against the fake terraform: what they ran, with which arguments,
 * environment and var file, asserted from the fake's transcript.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake terraform is a /bin/sh launcher")
class TerraformStackTranscriptTest {

    private static final String SECRET = "bf-admin-key-7d1e44c09a";

    @TempDir
    Path tmp;

    private FakeTerraform fake;
    private TerraformSettings settings;
    private TerraformModule module;
    private Path runDir;
    private final List<TerraformEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, Object> vars = Map.of("run_id", "r-42", "instance_count", Map.of("c8g", 2),
            "instance_types", List.of(Map.of("instance_type", "c8g.medium", "alias", "c8g")));
    private final Map<String, Secret> secrets = Map.of("api_key", Secret.of(SECRET));

    @BeforeEach
    void setUp() throws IOException {
        fake = FakeTerraform.install(tmp.resolve("bin"));
        fake.script(script().build());
        Path source = Files.createDirectories(tmp.resolve("module"));
        Files.writeString(source.resolve("main.tf"), "variable \"run_id\" { type = string }\n");
        module = TerraformModule.fromDirectory("aws", source);
        settings = TerraformSettings.defaults(new TerraformBinary(fake.binary(), "terraform"), tmp.resolve("plugin-cache"))
                .withInterruptGrace(Duration.ofSeconds(20));
        runDir = tmp.resolve(".benchfleet/runs/r-42");
    }

    private static FakeTerraformScript.Builder script() {
        return FakeTerraformScript.builder()
                .provider("hashicorp/aws", "6.25.0")
                .requiredVariables("run_id", "api_key")
                .resource("aws_security_group", "runners", Map.of("name", "benchfleet-r-42"))
                .resource("aws_instance", "runner", "c8g-1", Map.of("instance_type", "c8g.medium"))
                .resource("aws_instance", "runner", "c8g-2", Map.of("instance_type", "c8g.medium"))
                .output("run_id", FakeTerraformScript.fromVariable("run_id"), false)
                .output("instance_ids", List.of("i-1", "i-2"), false)
                .output("api_key_seen", FakeTerraformScript.fromVariable("api_key"), true);
    }

    private TerraformStack stack(String provider, Path workDir, TerraformSettings with) {
        Environment parent = Environment.of(Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString(),
                "TF_CLI_ARGS", "-lock=false", "TF_CLI_ARGS_apply", "-refresh=false", "TF_WORKSPACE", "other",
                "TF_DATA_DIR", tmp.resolve("elsewhere").toString(), "TF_VAR_stray", "inherited"));
        return TerraformStack.builder(provider, module, with, workDir)
                .logFile(runDir.resolve("logs/" + provider + "-terraform.log"))
                .environment(parent).listener(events::add).build();
    }

    private TerraformStack stack() {
        return stack("aws", runDir.resolve("aws/terraform"), settings);
    }

    @Test
    void applyThenDestroyRunsTheRightCallsWithVarFileAndSecretsOnlyInTheEnvironment() throws IOException {
        TerraformStack stack = stack();

        TerraformOutputs outputs = stack.apply(vars, secrets, new CancellationToken());

        assertThat(outputs.string("run_id")).isEqualTo("r-42");
        assertThat(outputs.json("instance_ids")).hasSize(2);
        assertThat(outputs.secret("api_key_seen").reveal()).as("the secret reached Terraform as TF_VAR_api_key")
                .isEqualTo(SECRET);
        assertThat(outputs.find("api_key_seen").orElseThrow().toString()).doesNotContain(SECRET);

        assertThat(stack.destroy(secrets, new CancellationToken())).isTrue();
        assertThat(stack.hasResources()).isFalse();
        assertThat(fake.transcript()).extracting(FakeTerraformCall::subcommand)
                .containsExactly("version", "init", "apply", "output", "destroy");

        FakeTerraformCall init = fake.calls("init").get(0);
        assertThat(init.argv()).containsExactly("init", "-input=false", "-no-color");
        FakeTerraformCall apply = fake.calls("apply").get(0);
        assertThat(apply.argv()).containsExactly("apply", "-auto-approve", "-input=false", "-no-color", "-json",
                "-lock-timeout=60s", "-var-file=run.tfvars.json");
        assertThat(apply.workDir()).isEqualTo(runDir.resolve("aws/terraform").toString());
        assertThat(apply.varFiles().get("run.tfvars.json")).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(vars));
        assertThat(fake.calls("destroy").get(0).argv()).containsExactly("destroy", "-auto-approve", "-input=false",
                "-no-color", "-json", "-lock-timeout=60s", "-var-file=run.tfvars.json");
        for (FakeTerraformCall call : fake.transcript()) {
            assertThat(call.environment()).as(call.subcommand())
                    .containsEntry("TF_IN_AUTOMATION", "1").containsEntry("CHECKPOINT_DISABLE", "1")
                    .containsEntry("TF_PLUGIN_CACHE_DIR", tmp.resolve("plugin-cache").toString())
                    .doesNotContainKeys("TF_CLI_ARGS", "TF_CLI_ARGS_apply", "TF_WORKSPACE", "TF_DATA_DIR", "TF_VAR_stray");
            assertThat(call.commandLine()).doesNotContain(SECRET);
            assertThat(call.exit()).contains(0);
        }
        assertThat(apply.environment()).containsEntry("TF_VAR_api_key", FakeTerraform.fingerprint(SECRET));

        assertThat(events).filteredOn(TerraformEvent.ResourceCompleted.class::isInstance)
                .map(e -> (TerraformEvent.ResourceCompleted) e)
                .extracting(e -> e.action().pastTense() + " " + e.n() + " of " + e.m())
                .containsExactly("created 1 of 3", "created 2 of 3", "created 3 of 3",
                        "destroyed 1 of 3", "destroyed 2 of 3", "destroyed 3 of 3");

        Path log = runDir.resolve("logs/aws-terraform.log");
        String logText = Files.readString(log);
        assertThat(logText).contains("Terraform has been successfully initialized!", "\"type\":\"apply_complete\"",
                "Destroy complete! Resources: 3 destroyed.", "<== exit 0");
        assertThat(Files.getPosixFilePermissions(log)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertNoFileHoldsTheSecretButTheState();
    }

    @Test
    void initRunsOncePerFolderAndTheFirstLockFileIsReusedByLaterRuns() {
        stack().apply(vars, secrets, new CancellationToken());
        stack().destroy(secrets, new CancellationToken());            // a new process would build a new stack too
        stack().apply(vars, secrets, new CancellationToken());
        assertThat(fake.calls("init")).hasSize(1);

        Path otherRun = tmp.resolve(".benchfleet/runs/r-43/aws/terraform");
        stack("aws", otherRun, settings).apply(vars, secrets, new CancellationToken());

        List<FakeTerraformCall> inits = fake.calls("init");
        assertThat(inits).hasSize(2);
        assertThat(inits.get(0).filesBefore()).doesNotContain(".terraform.lock.hcl");
        assertThat(inits.get(1).workDir()).isEqualTo(otherRun.toString());
        assertThat(inits.get(1).filesBefore()).as("the lock file of the first init, copied before init")
                .contains(".terraform.lock.hcl");
        assertThat(tmp.resolve("plugin-cache/lock-files/aws-" + module.version() + ".terraform.lock.hcl")).exists();
    }

    @Test
    void cancelDuringApplySendsSigintKeepsPartialStateAndDestroyRemovesIt() {
        fake.script(script()
                .resource("aws_instance", "runner", "c8g-3", Map.of())
                .resource("aws_instance", "runner", "c8g-4", Map.of())
                .resource("aws_instance", "runner", "c8g-5", Map.of())
                // long enough that the SIGINT always lands mid-apply, even on a loaded machine where starting
                // `kill -INT` takes a while (a SIGINT cuts the pause short: no time is lost when it arrives)
                .delay(Subcommand.APPLY, Duration.ofSeconds(3)).build());
        CancellationToken cancel = new CancellationToken();
        TerraformStack stack = stack("aws", runDir.resolve("aws/terraform"), settings);
        TerraformStack cancelling = TerraformStack.builder("aws", module, settings, runDir.resolve("aws/terraform"))
                .logFile(runDir.resolve("logs/aws-terraform.log"))
                .listener(e -> {
                    events.add(e);
                    if (e instanceof TerraformEvent.ResourceCompleted) {
                        cancel.cancel(); // Ctrl-C while the apply is under way
                    }
                }).build();

        assertThatThrownBy(() -> cancelling.apply(vars, secrets, cancel))
                .isInstanceOf(CancellationToken.CancelledException.class);

        FakeTerraformCall apply = fake.calls("apply").get(0);
        assertThat(apply.interrupted()).as("SIGINT, not a kill").isTrue();
        assertThat(apply.killed()).isFalse();
        assertThat(apply.exit()).contains(1);
        assertThat(stack.hasResources()).isTrue();
        int created = stack.show().managed().size();
        assertThat(created).as("stopped early, after what was in flight").isBetween(1, 5);

        assertThat(stack.destroy(secrets, new CancellationToken())).isTrue();
        assertThat(stack.hasResources()).isFalse();
        assertThat(fake.transcript()).extracting(FakeTerraformCall::subcommand)
                .containsExactly("version", "init", "apply", "show", "version", "destroy");
        assertThat(events).filteredOn(e -> e instanceof TerraformEvent.ResourceCompleted r
                && r.action() == TerraformEvent.Action.DELETE).hasSize(created);
    }

    @Test
    void aHangingApplyIsKilledAfterTheGraceAndTheErrorNamesTheLog() {
        fake.script(script().noise(Subcommand.APPLY, "provider plugin is stuck").hang(Subcommand.APPLY).build());
        CancellationToken cancel = new CancellationToken();
        // a grace the fake's SIGINT handler (a new thread of a busy JVM) always has time to run in
        TerraformStack stack = TerraformStack.builder("aws", module, settings.withInterruptGrace(Duration.ofSeconds(3)),
                        runDir.resolve("aws/terraform"))
                .logFile(runDir.resolve("logs/aws-terraform.log"))
                .listener(e -> {
                    if (e instanceof TerraformEvent.NonJson) {
                        cancel.cancel();
                    }
                }).build();

        assertThatThrownBy(() -> stack.apply(vars, secrets, cancel)).isInstanceOf(CancellationToken.CancelledException.class);

        FakeTerraformCall apply = fake.calls("apply").get(0);
        assertThat(apply.interrupted()).as("SIGINT came first").isTrue();
        assertThat(apply.killed()).as("then the kill, after the grace").isTrue();
        assertThat(ProcessHandle.of(apply.pid()).map(ProcessHandle::isAlive)).isIn(java.util.Optional.empty(),
                java.util.Optional.of(false));
        assertThat(runDir.resolve("logs/aws-terraform.log")).content()
                .contains("cancelled: sending SIGINT", "killed the process tree");
    }

    @Test
    void anApplyPastItsTimeoutIsStoppedWithAClearError() {
        fake.script(script().hang(Subcommand.APPLY).build());
        // a timeout past the fake's own JVM start (its SIGINT handler must be in place when the timeout fires)
        TerraformSettings quick = settings.withInterruptGrace(Duration.ofMillis(500))
                .withTimeouts(Duration.ofMinutes(1), Duration.ofSeconds(4), Duration.ofMinutes(1));
        TerraformStack stack = stack("aws", runDir.resolve("aws/terraform"), quick);

        assertThatThrownBy(() -> stack.apply(vars, secrets, new CancellationToken()))
                .isInstanceOf(ExternalException.class)
                .hasMessageContaining("aws: terraform apply did not finish within PT4S")
                .hasMessageContaining("killed after the grace")
                .hasMessageContaining(runDir.resolve("logs/aws-terraform.log").toString());
    }

    @Test
    void failingInitApplyAndDestroyAreErrorsNamingProviderCallExitSummaryAndLog() {
        String log = runDir.resolve("logs/aws-terraform.log").toString();

        fake.script(script().fail(Subcommand.INIT, "Failed to query available provider packages").build());
        assertThatThrownBy(() -> stack().apply(vars, secrets, new CancellationToken()))
                .isInstanceOf(ExternalException.class)
                .hasMessage("aws: terraform init failed (exit 1): Failed to query available provider packages — log: " + log);

        fake.script(script().fail(Subcommand.APPLY, "creating EC2 Instance: UnauthorizedOperation").build());
        assertThatThrownBy(() -> stack().apply(vars, secrets, new CancellationToken()))
                .isInstanceOf(ExternalException.class)
                .hasMessage("aws: terraform apply failed (exit 1): creating EC2 Instance: UnauthorizedOperation — log: " + log)
                .satisfies(e -> assertThat(((ExternalException) e).fix()).get().asString()
                        .contains("destroying the run removes it"));

        fake.script(script().build());
        stack().apply(vars, secrets, new CancellationToken());
        fake.script(script().failAfter(Subcommand.DESTROY, 1, "deleting Security Group: DependencyViolation").build());
        assertThatThrownBy(() -> stack().destroy(secrets, new CancellationToken()))
                .isInstanceOf(ExternalException.class)
                .hasMessage("aws: terraform destroy failed (exit 1): deleting Security Group: DependencyViolation — log: "
                        + log);
        assertThat(stack().hasResources()).as("a failed destroy keeps the state for the next try").isTrue();
    }

    @Test
    void aFailedApplyStillLeadsToADestroyOfWhatTheStateHolds() {
        fake.script(script().failAfter(Subcommand.APPLY, 2, "creating EC2 Instance: InsufficientInstanceCapacity").build());
        TerraformStack stack = stack();

        assertThatThrownBy(() -> stack.apply(vars, secrets, new CancellationToken()))
                .isInstanceOf(ExternalException.class).hasMessageContaining("InsufficientInstanceCapacity");
        assertThat(stack.hasResources()).isTrue();
        assertThat(stack.show().managed()).extracting(TerraformState.Resource::address)
                .containsExactly("aws_security_group.runners", "aws_instance.runner[\"c8g-1\"]");

        assertThat(stack.destroy(secrets, new CancellationToken())).isTrue();
        assertThat(stack.hasResources()).isFalse();
        assertThat(fake.calls("destroy")).singleElement().satisfies(d -> assertThat(d.exit()).contains(0));

        assertThat(stack.destroy(secrets, new CancellationToken())).as("nothing left: no call").isFalse();
        assertThat(fake.calls("destroy")).hasSize(1);
    }

    @Test
    void nonJsonLinesAreToleratedAndLogged() throws IOException {
        fake.script(script().noise(Subcommand.APPLY, "2026/11/29 21:00:00 [WARN] provider: something odd",
                "this is not JSON {").build());

        stack().apply(vars, secrets, new CancellationToken());

        assertThat(events).filteredOn(TerraformEvent.NonJson.class::isInstance).hasSize(2);
        assertThat(Files.readString(runDir.resolve("logs/aws-terraform.log")))
                .contains("[WARN] provider: something odd", "this is not JSON {");
    }

    @Test
    void tooOldAndMissingBinariesAreConfigErrorsWithTheInstallHint() {
        fake.script(script().version("1.4.6").build());
        assertThatThrownBy(() -> stack().apply(vars, secrets, new CancellationToken()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws: ").hasMessageContaining("terraform 1.4.6")
                .hasMessageContaining("needs 1.5.0 or newer")
                .hasMessageContaining("log: " + runDir.resolve("logs/aws-terraform.log"))
                .satisfies(e -> assertThat(((ConfigException) e).fix()).get().asString().contains("TERRAFORM_BINARY"));
        assertThat(fake.transcript()).extracting(FakeTerraformCall::subcommand).containsExactly("version");

        TerraformSettings gone = TerraformSettings.defaults(new TerraformBinary(tmp.resolve("no/terraform"), "terraform"),
                tmp.resolve("plugin-cache"));
        assertThatThrownBy(() -> stack("aws", runDir.resolve("aws/terraform"), gone).apply(vars, secrets,
                new CancellationToken()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws: cannot run " + tmp.resolve("no/terraform"))
                .hasMessageContaining("log: " + runDir.resolve("logs/aws-terraform.log"))
                .satisfies(e -> assertThat(((ConfigException) e).fix()).get().asString().contains("install"));
    }

    @Test
    void lookupFindsTheFakeOnAControlledPathAndAcceptsTofu() {
        Environment path = Environment.of(Map.of("PATH", fake.home().toString()));
        assertThat(TerraformBinary.require(path).path()).isEqualTo(fake.binary());

        FakeTerraform tofu = FakeTerraform.install(tmp.resolve("tofu-bin"), "tofu");
        TerraformBinary binary = TerraformBinary.require(Environment.of(Map.of("PATH", tofu.home().toString())));
        assertThat(binary.product()).isEqualTo("tofu");
        Terraform terraform = Terraform.builder("aws", TerraformSettings.defaults(binary, tmp.resolve("plugin-cache")),
                tmp).logFile(tmp.resolve("tofu.log")).build();
        assertThat(terraform.requireSupportedVersion().toString()).isEqualTo("tofu 1.11.4");
    }

    @Test
    void validateShowAndOutputAreTypedCalls() throws IOException {
        Path work = Files.createDirectories(tmp.resolve("direct"));
        List<TerraformEvent> seen = new CopyOnWriteArrayList<>();
        Terraform terraform = Terraform.builder("aws", settings, work).logFile(tmp.resolve("direct.log"))
                .secrets(secrets).listener(seen::add).build();

        assertThatThrownBy(terraform::validate).isInstanceOf(ExternalException.class)
                .hasMessageContaining("aws: terraform validate failed (exit 1): Missing required provider");
        terraform.init(new CancellationToken());
        assertThat(terraform.validate()).isEmpty();
        assertThat(terraform.show().isEmpty()).isTrue();
        assertThat(terraform.output().isEmpty()).isTrue();

        Path varFile = work.resolve("vars.tfvars.json");
        Files.writeString(varFile, "{\"run_id\":\"r-1\"}");
        terraform.apply(varFile, new CancellationToken());
        assertThat(terraform.show().managed()).hasSize(3);
        assertThat(terraform.output().secret("api_key_seen").reveal()).isEqualTo(SECRET);
        assertThat(Files.readString(tmp.resolve("direct.log"))).doesNotContain(SECRET)
                .contains("stdout holds output values and is not logged");
        assertThat(fake.calls("validate").get(0).argv()).containsExactly("validate", "-json", "-no-color");
        assertThat(fake.calls("show").get(0).argv()).containsExactly("show", "-json", "-no-color");
        assertThat(fake.calls("output").get(0).argv()).containsExactly("output", "-json", "-no-color");
        assertThat(seen).filteredOn(TerraformEvent.Diagnostic.class::isInstance).hasSize(1);
    }

    @Test
    void twoStacksApplyingConcurrentlyShareOnePluginCacheWithSerialisedInit() throws Exception {
        fake.script(script().delay(Subcommand.INIT, Duration.ofMillis(500)).build());
        TerraformStack aws = stack("aws", runDir.resolve("aws/terraform"), settings);
        TerraformStack azure = stack("azure", runDir.resolve("azure/terraform"), settings);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "apply-" + threads.incrementAndGet()));
        try {
            Future<TerraformOutputs> first = pool.submit(() -> aws.apply(vars, secrets, new CancellationToken()));
            Future<TerraformOutputs> second = pool.submit(() -> azure.apply(vars, secrets, new CancellationToken()));
            assertThat(first.get(60, TimeUnit.SECONDS).string("run_id")).isEqualTo("r-42");
            assertThat(second.get(60, TimeUnit.SECONDS).string("run_id")).isEqualTo("r-42");
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        List<FakeTerraformCall> inits = fake.calls("init");
        assertThat(inits).hasSize(2).allSatisfy(i -> {
            assertThat(i.exit()).as("the fake fails an init that overlaps another on the cache").contains(0);
            assertThat(i.environment()).containsEntry("TF_PLUGIN_CACHE_DIR", tmp.resolve("plugin-cache").toString());
        });
        FakeTerraformCall a = inits.get(0);
        FakeTerraformCall b = inits.get(1);
        assertThat(a.endedAt().isAfter(b.startedAt()) && b.endedAt().isAfter(a.startedAt()))
                .as("init %s..%s overlaps %s..%s", a.startedAt(), a.endedAt(), b.startedAt(), b.endedAt()).isFalse();
        assertThat(fake.calls("apply")).extracting(FakeTerraformCall::workDir).containsExactlyInAnyOrder(
                runDir.resolve("aws/terraform").toString(), runDir.resolve("azure/terraform").toString());
    }

    /** The state may hold sensitive values (as Terraform's does), and only the state; and it is 0600. */
    private void assertNoFileHoldsTheSecretButTheState() throws IOException {
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("terraform.tfstate")) {
                    assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
                    continue;
                }
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).as(file.toString())
                        .doesNotContain(SECRET);
            }
        }
        assertThat(Files.readString(fake.home().resolve(FakeTerraform.TRANSCRIPT_FILE))).doesNotContain(SECRET);
    }
}
