package dev.benchfleet.core.spi;

/** When in the master flow a provider's setup starts (guide: "Master flow"). */
public enum ProviderPhase {
    /**
     * Cloud providers whose infrastructure takes minutes: setup starts before the run exists, in
     * parallel with waiting for the orchestrator.
     */
    PRE_ORCHESTRATOR,
    /** Providers that start after the run is created, such as task runners on this machine. */
    POST_RUN;

    /** The name the original tool used ({@code pre_orchestrator}, {@code post_run}). */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
