package dev.benchfleet.core.host;

import dev.benchfleet.core.error.Problem;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a run's orchestrator comes from: {@code embedded} (started in this process), {@code existing}
 * (one the user runs, {@code --skip-infra} / {@code --orchestrator-url}), or a host a jar adds (a cloud
 * host). Found at runtime with {@link java.util.ServiceLoader}, like task runner providers; register with
 * {@code META-INF/services/dev.benchfleet.core.host.OrchestratorHost} (or {@code @AutoService}).
 *
 * <p>Hosts are stateless singletons: what belongs to one run lives in {@link HostContext#state()}.
 */
public interface OrchestratorHost {

    /** The embedded host's name. */
    String EMBEDDED = "embedded";
    /** The existing host's name. */
    String EXISTING = "existing";

    /** Lower case name: {@code embedded}, {@code existing}, {@code aws}. */
    String name();

    /** Problems with the request, before anything is created; no side effects, no network. */
    default List<Problem> validate(HostContext context) {
        return List.of();
    }

    /**
     * True for a host that puts the orchestrator in a cloud: chosen for a run with cloud task runners when
     * none of {@code --local-orchestrator}, {@code --orchestrator-url}, {@code --skip-infra} is given.
     */
    default boolean isCloud() {
        return false;
    }

    /**
     * After validation, before anything is created, may ask its cloud whether it can work (credentials,
     * region, instance type). Every problem at once; creates nothing.
     */
    default List<Problem> preflight(HostContext context) {
        return List.of();
    }

    /** What provisioning will do, for {@code plan} and the run's first lines (create, reuse, upgrade); no network. */
    default List<String> describe(HostContext context) {
        return List.of();
    }

    /**
     * Long-lived orchestrators this host keeps under {@code baseDir} (e.g. {@code aws-us-east-1}), for
     * {@code nuke --orchestrator} and {@code nuke --all}; none for hosts whose orchestrators live with a run.
     */
    default List<String> standing(Path baseDir) {
        return List.of();
    }

    /**
     * Removes one of {@link #standing} (its cloud resources, then its folder, only once they are gone).
     *
     * @return what was removed and what is left
     */
    default HostRemoval remove(Path baseDir, String name, HostRemoval.Context context) {
        return new HostRemoval(List.of(), List.of(name + ": not kept by the " + name() + " host"));
    }

    /**
     * Provides the orchestrator and returns as soon as its endpoint is known; the flow awaits
     * {@code GET /up} itself, in parallel with the {@code pre_orchestrator} setups. With a state
     * saved by an earlier call (a resumed run), provide the same orchestrator again (same data, same port).
     */
    RunningOrchestrator provision(HostContext context);

    /** An orchestrator provided for a run; {@link #close()} lets go of it (stops one started in this process). */
    interface RunningOrchestrator extends AutoCloseable {

        OrchestratorEndpoint endpoint();

        /**
         * For a host that finishes bringing the orchestrator up after {@link #provision} returned (its
         * endpoint known, its port already taken): completes once it is up, or fails with the reason it
         * cannot come up, which ends the flow's wait for {@code GET /up} at once. A host that is done when
         * {@code provision} returns keeps this default.
         */
        default CompletableFuture<Void> started() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        void close();

        /** One this process does not own: {@link #close()} leaves it running (a given URL, a long-lived cloud host). */
        static RunningOrchestrator notOwned(OrchestratorEndpoint endpoint) {
            return of(endpoint, () -> { });
        }

        /** One that {@code stop} stops on {@link #close()}. */
        static RunningOrchestrator of(OrchestratorEndpoint endpoint, Runnable stop) {
            java.util.Objects.requireNonNull(endpoint, "endpoint");
            java.util.Objects.requireNonNull(stop, "stop");
            return new RunningOrchestrator() {
                @Override
                public OrchestratorEndpoint endpoint() {
                    return endpoint;
                }

                @Override
                public void close() {
                    stop.run();
                }
            };
        }
    }
}
