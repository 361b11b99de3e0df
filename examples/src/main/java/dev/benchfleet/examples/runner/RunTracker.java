package dev.benchfleet.examples.runner;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the current run is doing, for the message of a second Ctrl-C. Thread-safe. */
final class RunTracker {

    private String runId;
    private final Set<String> tearingDown = new TreeSet<>();

    synchronized void run(String id) {
        this.runId = id;
    }

    synchronized void tearingDown(Collection<String> providers) {
        tearingDown.addAll(providers);
    }

    synchronized void tornDown(String provider) {
        tearingDown.remove(provider);
    }

    /** What to tell a person who will not wait any longer. */
    synchronized List<String> giveUpMessage() {
        if (runId == null) {
            return List.of("Stopped before a run was created: nothing was started.");
        }
        String nuke = "java -jar examples/runner.jar nuke " + runId;
        if (tearingDown.isEmpty()) {
            return List.of("Stopped without tearing down run " + runId + ": what it started may still be up.",
                    "Remove it later with: " + nuke);
        }
        return List.of("Stopped waiting: still being removed: " + String.join(", ", tearingDown) + " (run " + runId + ").",
                "Finish the removal later with: " + nuke);
    }
}
