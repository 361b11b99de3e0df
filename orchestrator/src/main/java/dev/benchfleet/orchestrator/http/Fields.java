package dev.benchfleet.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.orchestrator.runs.OrchestratorException;

/** Typed access to request body fields, refusing with a message that names the field. */
final class Fields {

    private Fields() {
    }

    /** A required identifier-like string: present, non-blank, at most {@code max} characters. */
    static String required(JsonNode body, String name, int max) {
        String value = optional(body, name);
        if (value == null || value.isBlank()) {
            throw OrchestratorException.badRequest(name + " is required");
        }
        if (value.length() > max) {
            throw OrchestratorException.badRequest(name + " is longer than " + max + " characters");
        }
        return value;
    }

    /** A required free-text string, cut to {@code max} characters rather than refused. */
    static String requiredText(JsonNode body, String name, int max) {
        String value = optional(body, name);
        if (value == null || value.isBlank()) {
            throw OrchestratorException.badRequest(name + " is required");
        }
        return truncate(value, max);
    }

    static String optionalText(JsonNode body, String name, int max) {
        return truncate(optional(body, name), max);
    }

    static String optional(JsonNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw OrchestratorException.badRequest(name + " must be a string");
        }
        return node.asText();
    }

    /** An optional percentage 0..100; fractions are rounded. */
    static Integer optionalPercent(JsonNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || node.doubleValue() < 0 || node.doubleValue() > 100) {
            throw OrchestratorException.badRequest(name + " must be a number from 0 to 100");
        }
        return (int) Math.round(node.doubleValue());
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
