package dev.benchfleet.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Wire names of the protocol's enums: the constant's name in lower case. */
final class WireNames {

    private WireNames() {
    }

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant {@code wire} names.
     *
     * @throws IllegalArgumentException naming the field and every accepted value
     */
    static <E extends Enum<E>> E parse(Class<E> type, String field, String wire) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(wire)) {
                return constant;
            }
        }
        String accepted = Arrays.stream(type.getEnumConstants()).map(WireNames::of).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(field + " must be one of " + accepted);
    }
}
