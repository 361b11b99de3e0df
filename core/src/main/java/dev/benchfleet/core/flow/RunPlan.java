package dev.benchfleet.core.flow;

import dev.benchfleet.core.capacity.ProviderCapacity;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.RunConfig;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.core.spi.TaskRunnerProvider;

import java.util.List;

/**
 * A run that passed validation: nothing has been created yet.
 *
 * @param config    the loaded config, with command-line flags applied
 * @param providers every provider the config uses, with its slice and capacity plan
 * @param mode      where the orchestrator runs
 * @param apiKey    the orchestrator API key (given or generated)
 */
public record RunPlan(RunConfig config, List<PlannedProvider> providers, OrchestratorMode mode, Secret apiKey) {

    /** What each provider said it will do ({@link TaskRunnerProvider#describe}), prefixed with its name. */
    public List<String> notes() {
        return providers.stream().flatMap(p -> p.notes().stream().map(note -> p.provider().name() + ": " + note)).toList();
    }

    public RunPlan {
        providers = List.copyOf(providers);
    }

    /** The providers of one phase, in config order. */
    public List<PlannedProvider> inPhase(ProviderPhase phase) {
        return providers.stream().filter(p -> p.provider().phase() == phase).toList();
    }

    /** Where the orchestrator runs. */
    public enum OrchestratorMode {
        /** On this machine, started by the flow ({@code --local-orchestrator}). */
        EMBEDDED,
        /** An orchestrator that already runs ({@code --skip-infra} + {@code BENCHMARK_ORCHESTRATOR_URL}). */
        EXISTING
    }

    /**
     * One provider of the run.
     *
     * @param provider the provider
     * @param config   its slice of the config
     * @param capacity its capacity plan
     * @param notes    what the provider said it will do
     */
    public record PlannedProvider(TaskRunnerProvider provider, ProviderConfig config, ProviderCapacity capacity,
                                  List<String> notes) {

        public PlannedProvider {
            notes = List.copyOf(notes);
        }
    }
}
