package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * An enum of the protocol whose wire form is the constant's name in lower case. Jackson writes and
 * reads it by {@link #wire()}; an unknown value is refused naming the field and every accepted value.
 */
public interface WireName {

    /** The constant's name, as {@link Enum#name()}. */
    String name();

    /** The wire form, e.g. {@code running}. */
    @JsonValue
    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} whose wire form is {@code wire}.
     *
     * @throws IllegalArgumentException naming every accepted value
     */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, String wire) {
        // every stored task status is read through here: a lookup, not a scan that lower-cases each name
        E constant = wire == null ? null : WireNames.byWire(type).get(wire);
        if (constant == null) {
            throw new IllegalArgumentException("must be one of " + accepted(type));
        }
        return constant;
    }

    /** The wire forms of {@code type}'s constants, comma-separated. */
    static String accepted(Class<?> type) {
        StringBuilder values = new StringBuilder();
        for (Object constant : type.getEnumConstants()) {
            values.append(values.length() == 0 ? "" : ", ")
                    .append(constant instanceof WireName w ? w.wire() : constant.toString());
        }
        return values.toString();
    }
}
