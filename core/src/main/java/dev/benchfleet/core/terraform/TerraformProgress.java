package dev.benchfleet.core.terraform;

import java.util.Optional;

/** Turns {@link TerraformEvent}s into the one-line progress messages a person wants to see. */
public final class TerraformProgress {

    private TerraformProgress() {
    }

    /**
     * The progress line for an event, or empty for events not worth a line (version, planned changes,
     * other UI messages). Never contains a value: only addresses, counts, summaries.
     */
    public static Optional<String> line(TerraformEvent event) {
        if (event instanceof TerraformEvent.ResourceStarted e) {
            return Optional.of(e.address() + ": " + verb(e.action()) + "… (" + e.n() + " of " + e.m() + ")");
        }
        if (event instanceof TerraformEvent.ResourceCompleted e) {
            return Optional.of(e.address() + ": " + e.action().pastTense() + " after " + e.elapsedSeconds() + "s ("
                    + e.n() + " of " + e.m() + ")");
        }
        if (event instanceof TerraformEvent.ResourceErrored e) {
            return Optional.of(e.address() + ": failed after " + e.elapsedSeconds() + "s");
        }
        if (event instanceof TerraformEvent.ChangeSummary e) {
            return Optional.of(e.message());
        }
        if (event instanceof TerraformEvent.Diagnostic e) {
            return Optional.of(e.toString());
        }
        return Optional.empty();
    }

    private static String verb(TerraformEvent.Action action) {
        return switch (action) {
            case CREATE -> "creating";
            case DELETE -> "destroying";
            case UPDATE -> "updating";
            case REPLACE -> "replacing";
            case READ -> "reading";
            default -> "working";
        };
    }
}
