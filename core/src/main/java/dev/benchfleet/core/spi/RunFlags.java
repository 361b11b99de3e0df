package dev.benchfleet.core.spi;

/**
 * The switches of a run, from the config file or the command line (the command line wins).
 *
 * @param localOrchestrator run the orchestrator on this machine ({@code --local-orchestrator})
 * @param skipInfra         provision nothing; use an existing orchestrator ({@code --skip-infra})
 * @param mock              task runners run a short mock benchmark ({@code --mock})
 * @param debug             verbose, and task runners stay alive ({@code --debug --no-exit})
 * @param nonInteractive    never prompt ({@code --non-interactive})
 */
public record RunFlags(boolean localOrchestrator, boolean skipInfra, boolean mock, boolean debug,
                       boolean nonInteractive) {

    /** Every switch off. */
    public static RunFlags defaults() {
        return new RunFlags(false, false, false, false, false);
    }

    public RunFlags withLocalOrchestrator(boolean value) {
        return new RunFlags(value, skipInfra, mock, debug, nonInteractive);
    }

    public RunFlags withSkipInfra(boolean value) {
        return new RunFlags(localOrchestrator, value, mock, debug, nonInteractive);
    }

    public RunFlags withMock(boolean value) {
        return new RunFlags(localOrchestrator, skipInfra, value, debug, nonInteractive);
    }

    public RunFlags withDebug(boolean value) {
        return new RunFlags(localOrchestrator, skipInfra, mock, value, nonInteractive);
    }

    public RunFlags withNonInteractive(boolean value) {
        return new RunFlags(localOrchestrator, skipInfra, mock, debug, value);
    }
}
