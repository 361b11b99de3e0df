package dev.benchfleet.core.spi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A provider's own record of what it created for a run, kept in the run journal
 * ({@code .benchfleet/runs/<run_id>/journal.json}, mode 0600). Core never looks inside: it is opaque JSON
 * that the provider writes while it sets up and reads back when it tears down, possibly in a new process.
 *
 * <p>{@link #save} is durable when it returns: save after each thing created (an instance id, a
 * process id), so that a crash mid-setup still leaves what is needed to remove it.
 */
public interface ProviderState {

    /** What the provider saved last, or empty when it saved nothing yet. */
    Optional<JsonNode> load();

    /** Replaces the saved state; written to disk atomically before this returns. */
    void save(JsonNode state);

    /** A state that lives only in memory (tests, embedding without a journal). */
    static ProviderState inMemory() {
        return inMemory(null);
    }

    /** A state in memory that starts as {@code initial} (may be null). */
    static ProviderState inMemory(JsonNode initial) {
        AtomicReference<JsonNode> value = new AtomicReference<>(initial == null ? null : initial.deepCopy());
        return new ProviderState() {
            @Override
            public Optional<JsonNode> load() {
                JsonNode current = value.get();
                return current == null ? Optional.empty() : Optional.of(current.deepCopy());
            }

            @Override
            public void save(JsonNode state) {
                value.set(state == null ? null : state.deepCopy());
            }
        };
    }
}
