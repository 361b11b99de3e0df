package dev.benchfleet.protocol;

/** Checks shared by the records' constructors: a missing required field names its JSON path. */
final class Wire {

    private Wire() {
    }

    static void require(Object value, String path) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new IllegalArgumentException(path + " is missing");
        }
    }
}
