package dev.benchfleet.core.terraform;

import java.util.Map;

/**
 * One line of Terraform's machine-readable UI ({@code apply -json}, {@code destroy -json}), typed.
 * Resource events carry their place in the operation ("resource n of m"), counted by the parser
 * from the {@code planned_change} lines that precede them.
 */
public sealed interface TerraformEvent {

    /** The first line: which Terraform (or OpenTofu) is talking. */
    record Version(String version, String ui) implements TerraformEvent { }

    /** The plan will change this resource. */
    record PlannedChange(String address, Action action) implements TerraformEvent { }

    /**
     * The totals of a plan ({@code operation = plan}) or of the finished operation
     * ({@code apply}, {@code destroy}).
     */
    record ChangeSummary(String operation, int add, int change, int remove, String message) implements TerraformEvent {
        /** Resources this operation touches. */
        public int total() {
            return add + change + remove;
        }
    }

    /** Terraform started working on a resource: the {@code n}-th started of {@code m} planned. */
    record ResourceStarted(String address, Action action, int n, int m) implements TerraformEvent { }

    /**
     * A resource is done: created, updated or destroyed; the {@code n}-th of {@code m} finished.
     *
     * @param elapsedSeconds as Terraform reports it
     */
    record ResourceCompleted(String address, Action action, int n, int m, long elapsedSeconds)
            implements TerraformEvent { }

    /** Terraform gave up on a resource. */
    record ResourceErrored(String address, Action action, long elapsedSeconds) implements TerraformEvent { }

    /** An error or warning, as Terraform prints it; {@code address} is the resource it is about, or empty. */
    record Diagnostic(Severity severity, String summary, String detail, String address)
            implements TerraformEvent {
        @Override
        public String toString() {
            return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + summary
                    + (detail.isBlank() ? "" : " — " + detail);
        }
    }

    /** The outputs line: names and whether each is sensitive (values are never kept from this line). */
    record Outputs(Map<String, Boolean> sensitiveByName) implements TerraformEvent { }

    /** Any other JSON line ({@code log}, {@code refresh_start}, {@code apply_progress}...). */
    record Message(String type, String level, String message) implements TerraformEvent { }

    /** A line that is not JSON (a provider plugin's stray print, a crash trace); kept in the log. */
    record NonJson(String line) implements TerraformEvent { }

    /** What Terraform does to a resource. */
    enum Action {
        CREATE, READ, UPDATE, REPLACE, DELETE, NOOP, MOVE, IMPORT, REMOVE, OTHER;

        static Action parse(String value) {
            if (value == null) {
                return OTHER;
            }
            return switch (value) {
                case "create" -> CREATE;
                case "read" -> READ;
                case "update" -> UPDATE;
                case "replace" -> REPLACE;
                case "delete" -> DELETE;
                case "noop" -> NOOP;
                case "move" -> MOVE;
                case "import" -> IMPORT;
                case "remove" -> REMOVE;
                default -> OTHER;
            };
        }

        /** "created", "destroyed"... for progress lines. */
        public String pastTense() {
            return switch (this) {
                case CREATE -> "created";
                case READ -> "read";
                case UPDATE -> "updated";
                case REPLACE -> "replaced";
                case DELETE -> "destroyed";
                case IMPORT -> "imported";
                case MOVE -> "moved";
                case REMOVE -> "removed";
                case NOOP, OTHER -> "done";
            };
        }
    }

    /** Diagnostic severity. */
    enum Severity { ERROR, WARNING }
}
