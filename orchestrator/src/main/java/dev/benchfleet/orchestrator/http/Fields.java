package dev.benchfleet.orchestrator.http;

import dev.benchfleet.orchestrator.runs.OrchestratorException;

/** Limits on the fields of bound request records, refusing with a message that names the field. */
final class Fields {

    private Fields() {
    }

    /** A required identifier-like string: present, non-blank, at most {@code max} characters. */
    static String required(String value, String name, int max) {
        if (value == null || value.isBlank()) {
            throw OrchestratorException.badRequest(name + " is required");
        }
        if (value.length() > max) {
            throw OrchestratorException.badRequest(name + " is longer than " + max + " characters");
        }
        return value;
    }

    /** A required free-text string, cut to {@code max} characters rather than refused. */
    static String requiredText(String value, String name, int max) {
        if (value == null || value.isBlank()) {
            throw OrchestratorException.badRequest(name + " is required");
        }
        return truncate(value, max);
    }

    /** An optional string of at most {@code max} characters. */
    static String optional(String value, String name, int max) {
        if (value != null && value.length() > max) {
            throw OrchestratorException.badRequest(name + " is longer than " + max + " characters");
        }
        return value;
    }

    /** An optional free-text string, cut to {@code max} characters. */
    static String optionalText(String value, int max) {
        return truncate(value, max);
    }

    /** An optional percentage 0..100; fractions are rounded. */
    static Integer optionalPercent(Number value, String name) {
        if (value == null) {
            return null;
        }
        double pct = value.doubleValue();
        if (Double.isNaN(pct) || pct < 0 || pct > 100) {
            throw OrchestratorException.badRequest(name + " must be a number from 0 to 100");
        }
        return (int) Math.round(pct);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
