package dev.benchfleet.testkit;

import dev.benchfleet.core.capacity.CapacityPlanner;
import dev.benchfleet.core.capacity.EntryCapacity;
import dev.benchfleet.core.capacity.ProviderCapacity;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.RunConfig;
import dev.benchfleet.core.config.RunConfigLoader;
import dev.benchfleet.core.config.TaskRunnerCount;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.CapacityModel;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.EventSink;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.ProviderState;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.StartedResource;
import dev.benchfleet.core.spi.TeardownContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.core.spi.SpiVersion;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.spi.ValidationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The provider guide's rules as a test. A provider's own test extends this class, supplies the
 * provider and a sample config, and inherits one test per rule:
 * <ul>
 *   <li>a usable name and a declared phase, and discovery through {@code ServiceLoader};</li>
 *   <li>the SPI version it is built against, {@code @SpiVersion(SpiVersion.CURRENT)}, which runners check
 *       before they load the provider's jar;</li>
 *   <li>{@code validate} has no side effects and passes for the sample with valid credentials;</li>
 *   <li>missing credentials are reported (providers that need them);</li>
 *   <li>a {@code pre_orchestrator} provider rejects a local orchestrator;</li>
 *   <li>capacity never exceeds {@code task_runners.count} or the vCPUs, and is never below 1;</li>
 *   <li>{@code teardown} twice, without a setup, is harmless;</li>
 *   <li>after setup then teardown, nothing the provider started is left: not what {@code remaining} reports,
 *       not a process it reported, not a child process of this JVM;</li>
 *   <li>a fresh provider instance tears down from the recorded state alone (as {@code nuke} does in a new
 *       process): the state goes through JSON text, nothing else is shared.</li>
 * </ul>
 * The setup checks call {@code setup} for real: point the provider at fakes in {@link #setupContext}, or
 * turn them off with {@link #canSetUpInTests()} when it cannot run offline.
 * Published as {@code dev.benchfleet:benchfleet-testkit}; add it with test scope.
 */
public abstract class TaskRunnerProviderContract {

    /** The provider under test, configured so that {@code teardown} touches nothing real (fake CLIs). */
    protected abstract TaskRunnerProvider provider();

    /** A run config JSON with at least one entry for this provider, valid with {@link #validEnvironment()}. */
    protected abstract String sampleConfig();

    /** Environment with valid-looking credentials; empty by default. */
    protected Environment validEnvironment() {
        return Environment.empty();
    }

    /** Whether validation must fail without credentials; by default, cloud providers need them. */
    protected boolean requiresCredentials() {
        return provider().phase() == ProviderPhase.PRE_ORCHESTRATOR;
    }

    /** A context for the teardown test; override to point the provider at fakes. */
    protected ProviderContext teardownContext(ProviderConfig config, ProviderCapacity capacity, Path workDir) {
        return ProviderContext.builder(config, capacity).flags(RunFlags.defaults().withMock(true))
                .environment(validEnvironment()).runId("100000000012345678").orchestratorUrl(URI.create("http://127.0.0.1:9/"))
                .apiKey(Secret.of("contract-test-key")).rubyVersion("3.4.7").workDir(workDir)
                .cancellation(new CancellationToken()).events(EventSink.discard()).build();
    }

    /** A context for the kit's setup checks; by default {@link #teardownContext}. Override to point at fakes. */
    protected ProviderContext setupContext(ProviderConfig config, ProviderCapacity capacity, Path workDir) {
        return teardownContext(config, capacity, workDir);
    }

    /** Whether the kit may call {@code setup} (true by default); false for a provider that needs a real cloud. */
    protected boolean canSetUpInTests() {
        return true;
    }

    @Test
    void declaresAUsableNameAndAPhase() {
        TaskRunnerProvider provider = provider();
        assertThat(provider.name()).matches("[a-z][a-z0-9_-]{0,31}");
        assertThat(provider.phase()).isNotNull();
        assertThat(provider.capacityModel()).isNotNull();
        assertThat(provider.instanceCatalog()).isNotNull();
    }

    @Test
    void isDiscoveredThroughServiceLoader() {
        TaskRunnerProvider provider = provider();
        ProviderRegistry registry = ProviderRegistry.discover(provider.getClass().getClassLoader());
        assertThat(registry.find(provider.name()))
                .as("register the provider with @AutoService(TaskRunnerProvider.class)")
                .hasValueSatisfying(found -> assertThat(found).isExactlyInstanceOf(provider.getClass()));
    }

    @Test
    void declaresTheSpiVersionItIsBuiltAgainst() {
        SpiVersion declared = provider().getClass().getAnnotation(SpiVersion.class);
        assertThat(declared).as("annotate the provider with @SpiVersion(SpiVersion.CURRENT): runners refuse a provider"
                + " jar that does not say which SPI it is built against").isNotNull();
        assertThat(declared.value()).as("use the constant SpiVersion.CURRENT, not a literal").isEqualTo(SpiVersion.CURRENT);
    }

    @Test
    void sampleConfigValidatesCleanlyWithCredentials() {
        assertThat(provider().validate(validationContext(RunFlags.defaults(), validEnvironment()))).isEmpty();
    }

    @Test
    void validateHasNoSideEffects() throws IOException {
        Set<Long> processesBefore = childProcesses();
        Set<Path> filesBefore = filesInWorkingDirectory();
        ValidationContext context = validationContext(RunFlags.defaults(), Environment.empty());
        ValidationContext valid = validationContext(RunFlags.defaults(), validEnvironment());

        List<Problem> first = provider().validate(context);
        List<Problem> second = provider().validate(context);
        provider().validate(valid);

        assertThat(second).as("validate gives the same answer twice").isEqualTo(first);
        assertThat(childProcesses()).as("validate starts no process").isSubsetOf(processesBefore);
        assertThat(filesInWorkingDirectory()).as("validate creates no file").isSubsetOf(filesBefore);
    }

    @Test
    void reportsMissingCredentials() {
        assumeApplies(requiresCredentials(), "reportsMissingCredentials", "this provider needs no credentials");
        List<Problem> problems = provider().validate(validationContext(RunFlags.defaults(), Environment.empty()));
        assertThat(problems).as("validation without credentials must say which are missing").isNotEmpty();
    }

    @Test
    void cloudProviderRejectsLocalOrchestrator() {
        assumeApplies(provider().phase() == ProviderPhase.PRE_ORCHESTRATOR, "cloudProviderRejectsLocalOrchestrator",
                "only pre_orchestrator providers must refuse a local orchestrator");
        List<Problem> problems = provider().validate(
                validationContext(RunFlags.defaults().withLocalOrchestrator(true), validEnvironment()));
        assertThat(problems).as("guide: cloud providers must not run with --local-orchestrator")
                .anySatisfy(problem -> assertThat(problem.toString().toLowerCase())
                        .contains("local").contains("orchestrator"));
    }

    @ParameterizedTest(name = "cap {0}, runs {1}")
    @CsvSource({"0,1", "0,7", "1,1", "1,5", "2,3", "3,17", "1000,4"})
    void capacityStaysWithinTheCap(int cap, int runs) {
        TaskRunnerProvider provider = provider();
        RunConfig sample = sampleRunConfig();
        TaskRunnerCount count = cap == 0 ? TaskRunnerCount.unset() : TaskRunnerCount.forAll(cap);
        ProviderConfig config = new ProviderConfig(provider.name(), sample.slice(provider.name()).entries(), runs, count);

        ProviderCapacity capacity = new CapacityPlanner().plan(config, provider.instanceCatalog(), provider.capacityModel());

        assertThat(capacity.entries()).hasSameSizeAs(config.entries());
        for (EntryCapacity entry : capacity.entries()) {
            assertThat(entry.runnersPerInstance()).isBetween(1, entry.vcpus());
            if (cap > 0) {
                assertThat(entry.runnersPerInstance()).isLessThanOrEqualTo(cap);
            } else if (provider.capacityModel() == CapacityModel.SINGLE_HOST) {
                assertThat(entry.runnersPerInstance()).as("local default is 1").isEqualTo(1);
            } else {
                assertThat(entry.runnersPerInstance()).as("cloud default is vCPUs").isEqualTo(entry.vcpus());
            }
            if (provider.capacityModel() == CapacityModel.CLOUD) {
                assertThat(entry.instances() * entry.runnersPerInstance()).isGreaterThanOrEqualTo(runs);
                assertThat((entry.instances() - 1) * entry.runnersPerInstance()).isLessThan(runs);
            } else {
                assertThat(entry.instances()).as("a single host is one instance").isEqualTo(1);
            }
        }
    }

    @Test
    void teardownTwiceWithoutSetupIsHarmless(@TempDir Path workDir) {
        TaskRunnerProvider provider = provider();
        ProviderConfig config = sampleRunConfig().slice(provider.name());
        ProviderCapacity capacity = new CapacityPlanner().plan(config, provider.instanceCatalog(), provider.capacityModel());
        ProviderContext context = teardownContext(config, capacity, workDir);

        assertThatCode(() -> provider.teardown(context)).doesNotThrowAnyException();
        assertThatCode(() -> provider.teardown(context)).doesNotThrowAnyException();
    }

    @Test
    void setupThenTeardownLeavesNothingItStarted(@TempDir Path workDir) throws Exception {
        assumeApplies(canSetUpInTests(), "setupThenTeardownLeavesNothingItStarted", "canSetUpInTests() is false");
        Set<Long> before = childProcesses();
        TaskRunnerProvider provider = provider();
        ProviderContext context = setupContext(workDir);

        SetupResult result = provider.setup(context);
        TeardownContext teardown = TeardownContext.builder(provider.name(), context.runId(), context.workDir())
                .state(context.state()).environment(context.environment()).build();
        provider.teardown(teardown);

        assertNothingLeft(provider, teardown, result, before);
    }

    @Test
    void aFreshInstanceTearsDownFromTheRecordedStateAlone(@TempDir Path workDir) throws Exception {
        assumeApplies(canSetUpInTests(), "aFreshInstanceTearsDownFromTheRecordedStateAlone", "canSetUpInTests() is false");
        Set<Long> before = childProcesses();
        TaskRunnerProvider first = provider();
        ProviderContext context = setupContext(workDir);
        SetupResult result = first.setup(context);
        // What a new process has: the journal's JSON text, read back. Nothing else is shared.
        String journal = context.state().load().map(JsonNode::toString).orElse(null);
        ProviderState recorded = ProviderState.inMemory(journal == null ? null : new ObjectMapper().readTree(journal));

        TaskRunnerProvider fresh = provider();
        assertThat(fresh).as("provider() must return a new instance for this check").isNotSameAs(first);
        TeardownContext teardown = TeardownContext.builder(fresh.name(), context.runId(), context.workDir())
                .state(recorded).environment(context.environment()).build();
        fresh.teardown(teardown);

        assertNothingLeft(fresh, teardown, result, before);
    }

    private ProviderContext setupContext(Path workDir) {
        TaskRunnerProvider provider = provider();
        ProviderConfig config = sampleRunConfig().slice(provider.name());
        ProviderCapacity capacity = new CapacityPlanner().plan(config, provider.instanceCatalog(), provider.capacityModel());
        return setupContext(config, capacity, workDir);
    }

    private static void assertNothingLeft(TaskRunnerProvider provider, TeardownContext teardown, SetupResult result,
                                          Set<Long> childrenBefore) throws InterruptedException {
        assertThat(provider.remaining(teardown)).as("remaining() after teardown").isEmpty();
        List<Long> reportedProcesses = result.started().stream().filter(r -> r.kind().equals("process"))
                .map(StartedResource::id).filter(id -> id.matches("\\d+")).map(Long::parseLong).toList();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && (reportedProcesses.stream().anyMatch(TaskRunnerProviderContract::alive)
                || !childrenBefore.containsAll(childProcesses()))) {
            Thread.sleep(100);
        }
        assertThat(reportedProcesses).as("processes setup reported are gone after teardown")
                .noneMatch(TaskRunnerProviderContract::alive);
        assertThat(childProcesses()).as("no child process of this JVM that setup started is left").isSubsetOf(childrenBefore);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The sample config, loaded with this provider as the only known one. */
    protected final RunConfig sampleRunConfig() {
        return new RunConfigLoader(List.of(provider().name())).parse(sampleConfig(), "sample config");
    }

    /** A validation context for the sample config. */
    protected final ValidationContext validationContext(RunFlags flags, Environment environment) {
        return ValidationContext.of(sampleRunConfig().slice(provider().name()), flags, environment);
    }

    /** Skips a rule that does not apply to this provider, saying why on the console as well as in the report. */
    private void assumeApplies(boolean applies, String rule, String reason) {
        if (!applies) {
            System.out.println("Skipping " + getClass().getSimpleName() + "." + rule + ": " + reason);
        }
        assumeTrue(applies, reason);
    }

    private static Set<Long> childProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static Set<Path> filesInWorkingDirectory() throws IOException {
        try (Stream<Path> files = Files.list(Paths.get("").toAbsolutePath())) {
            return files.collect(Collectors.toSet());
        }
    }

    /** For subclasses that want a plain map of credentials. */
    protected static Environment environment(Map<String, String> variables) {
        return Environment.of(variables);
    }
}
