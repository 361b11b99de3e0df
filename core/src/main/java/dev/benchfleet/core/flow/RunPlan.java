package dev.benchfleet.core.flow;

import dev.benchfleet.core.capacity.ProviderCapacity;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.RunConfig;
import dev.benchfleet.core.host.OrchestratorHost;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.core.spi.TaskRunnerProvider;

import java.net.URI;
import java.util.List;

/**
 * A run that passed validation: nothing has been created yet.
 *
 * @param config    the loaded config, with command-line flags applied
 * @param providers every provider the config uses, with its slice and capacity plan
 * @param host      where the orchestrator comes from ({@code embedded}, {@code existing}, ...)
 * @param requestedUrl the orchestrator URL the user gave, or null
 * @param apiKey    the orchestrator API key (given or generated)
 * @param skipped   providers left out, each with why ({@code --skip-infra} skips cloud task runners)
 * @param hostNotes what the orchestrator host will do ({@link OrchestratorHost#describe}): create, reuse, upgrade
 */
public record RunPlan(RunConfig config, List<PlannedProvider> providers, OrchestratorHost host, URI requestedUrl,
                      Secret apiKey, List<String> skipped, List<String> hostNotes) {

    /** A plan whose orchestrator host said nothing about what it will do. */
    public RunPlan(RunConfig config, List<PlannedProvider> providers, OrchestratorHost host, URI requestedUrl,
                   Secret apiKey, List<String> skipped) {
        this(config, providers, host, requestedUrl, apiKey, skipped, List.of());
    }

    /** What each provider said it will do ({@link TaskRunnerProvider#describe}), prefixed with its name. */
    public List<String> notes() {
        return providers.stream().flatMap(p -> p.notes().stream().map(note -> p.provider().name() + ": " + note)).toList();
    }

    public RunPlan {
        providers = List.copyOf(providers);
        skipped = List.copyOf(skipped);
        hostNotes = List.copyOf(hostNotes);
    }

    /** The planned provider with this name. */
    public java.util.Optional<PlannedProvider> provider(String name) {
        return providers.stream().filter(p -> p.provider().name().equals(name)).findFirst();
    }

    /** The providers of one phase, in config order. */
    public List<PlannedProvider> inPhase(ProviderPhase phase) {
        return providers.stream().filter(p -> p.provider().phase() == phase).toList();
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
