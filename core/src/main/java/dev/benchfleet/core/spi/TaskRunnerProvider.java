package dev.benchfleet.core.spi;

import dev.benchfleet.core.error.Problem;

import java.time.Duration;
import java.util.List;

/**
 * A place task runners run: a cloud, this machine, anything a third-party jar adds. Found at runtime
 * with {@link java.util.ServiceLoader}; register an implementation with
 * {@code @AutoService(TaskRunnerProvider.class)} and put its jar on the class path.
 *
 * <p>The contract (the provider guide): declare a {@link #phase()}; respect
 * {@code task_runners.count} as a cap on runners per instance (the capacity plan in the context
 * already does the math); {@link #validate} without side effects; {@link #preflight} may ask a cloud
 * whether the run can work, creating nothing; {@link #setup} starts runners that call the orchestrator
 * with the run id, URL and API key from the context, and records what it creates in
 * {@link ProviderContext#state()} as it goes; {@link #teardown} removes everything {@link #setup} created
 * for the run from that record alone (possibly in a new process), and is harmless to call twice or
 * without a setup; {@link #remaining} says what of it still exists.
 *
 * <p>Providers are stateless singletons: what belongs to one run lives in the journal (the context's
 * state), never in fields.
 * Check an implementation with the contract-test kit, {@code dev.benchfleet.testkit.TaskRunnerProviderContract}.
 *
 * <p>Implementations must be thread-safe: setups of different providers run in parallel.
 */
public interface TaskRunnerProvider {

    /**
     * The provider's name and config key ({@code aws}, {@code azure}, {@code local}): lower case
     * letters, digits, {@code -} and {@code _}, starting with a letter.
     */
    String name();

    /** When its setup starts in the master flow. */
    ProviderPhase phase();

    /**
     * For a {@code post_run} provider whose task runners keep asking for their run until it exists
     * (the task runner's {@code BENCHFLEET_RUN_WAIT}): true lets the flow start its setup as soon as
     * the orchestrator's endpoint is known, so the runners start while the orchestrator comes up and
     * the run is created, instead of after. False (the default): its setup starts once the run exists.
     */
    default boolean runnersWaitForRun() {
        return false;
    }

    /**
     * Whether this provider's task runners download {@code task-runner.jar} from the orchestrator, by the hash
     * {@link ProviderContext#taskRunnerSha256()} gives (the default: cloud machines). The master hashes and
     * uploads its own jar only when a provider of the run says so: runners started from a jar on this
     * machine (the local provider's) need neither, and the hash and upload of a 6 MB jar would otherwise
     * delay their start and the run's creation.
     */
    default boolean runnersFetchTaskRunnerJar() {
        return true;
    }

    /** How runs turn into machines; cloud by default. */
    default CapacityModel capacityModel() {
        return CapacityModel.CLOUD;
    }

    /** vCPUs per instance type; entries may also give {@code "vcpus"} explicitly. */
    default InstanceCatalog instanceCatalog() {
        return InstanceCatalog.empty();
    }

    /**
     * Every problem with this provider's part of the run, before anything is created: missing
     * credentials, a cloud provider with {@code --local-orchestrator}, a missing tool. Must not
     * create, start or contact anything.
     *
     * @return all problems found; empty when the provider is ready
     */
    default List<Problem> validate(ValidationContext context) {
        return List.of();
    }

    /**
     * The settings this provider accepts under {@code "providers": {"<name>": {...}}} in the config
     * (e.g. {@code region}). Core rejects unknown names and wrong types with their JSON path; check
     * values in {@link #validate} through {@link ValidationContext#settings()}.
     */
    default List<Setting> settings() {
        return List.of();
    }

    /**
     * Checks that may contact the provider's cloud, after {@link #validate} passed and before anything is
     * created: credentials accepted, quotas, instance types offered in the region. Reports every
     * problem at once; must create nothing.
     *
     * @return all problems found; empty when the run can go ahead
     */
    default List<Problem> preflight(PreflightContext context) {
        return List.of();
    }

    /**
     * What this provider will do with the config, in a few lines for the user to read before anything
     * starts (which runtime, which region, what it costs). Same rules as {@link #validate}: no side effects.
     */
    default List<String> describe(ValidationContext context) {
        return List.of();
    }

    /**
     * Starts this provider's task runners for the run. Returns when they are started (not when the
     * benchmark ends). Stops early, leaving what it started for {@link #teardown}, when
     * {@link ProviderContext#cancellation()} is signalled.
     *
     * @throws dev.benchfleet.core.error.BenchfleetException when setup fails; what was started so
     *         far is still removed by {@link #teardown}
     */
    SetupResult setup(ProviderContext context);

    /**
     * Removes everything this provider created for the run ("nuke"), working from
     * {@link TeardownContext#state()} alone: it may run in a new process, long after setup. Idempotent:
     * calling it twice, or for a run it never set up, is harmless.
     */
    default void teardown(TeardownContext context) {
    }

    /**
     * What of the run's resources recorded in the state still exists (a process still alive, a container,
     * an instance not yet terminated). Empty after a successful {@link #teardown}. Must not change anything.
     */
    default List<StartedResource> remaining(TeardownContext context) {
        return List.of();
    }

    /**
     * Some aliases' runners claimed no task within the boot deadline after this provider's setup finished: save
     * what the machines of those aliases say (a cloud's console output) into {@link BootCheckContext#logsDir()},
     * so the user can see why they never came up. Called at most once per run; must change nothing in the cloud.
     * The default saves nothing.
     *
     * @return one entry per machine whose output was saved
     */
    default List<MachineDiagnosis> diagnoseBoot(BootCheckContext context) {
        return List.of();
    }

    /**
     * {@code catalog refresh <provider>}: pulls current prices from the cloud's public price list (when online) into
     * the user's price catalog, which {@link #instanceCatalog()} then reads, each price with its date and source.
     * Creates nothing in the cloud and needs no credentials.
     *
     * @return what was written, for people (the file first)
     * @throws dev.benchfleet.core.error.ConfigException by default: the provider has no price list
     */
    default List<String> refreshCatalog(CatalogRefreshContext context) {
        throw new dev.benchfleet.core.error.ConfigException(new Problem("catalog refresh " + name(),
                "provider '" + name() + "' has no public price list to refresh from"), null);
    }

    /**
     * {@code nuke --all}: removes every resource this provider's runs may have left in the context's places,
     * whichever run made it, shared ones included (a cloud's per-region network), after the runs recorded in
     * journals were torn down. Never touches what is not the provider's (an orchestrator host has its own
     * command). Idempotent; a provider with nothing shared or tagged keeps the default, which removes nothing.
     *
     * @return what is still there afterwards, each with its id; empty when the places are clean
     */
    default List<StartedResource> sweepAll(SweepContext context) {
        return List.of();
    }

    /**
     * The machines this provider ran for the run and how long each was up, from {@link TeardownContext#state()}
     * alone: the end of a run sums them into the instance-hours of its summary. Machines it could not date are
     * left out; machines still up have no end. Empty by default (nothing billed by the hour). Must not change
     * anything.
     */
    default List<MachineUsage> usage(TeardownContext context) {
        return List.of();
    }

    /** How long a teardown may take before the flow gives up waiting for it (a cloud destroy takes minutes). */
    default Duration teardownGrace() {
        return Duration.ofMinutes(2);
    }
}
