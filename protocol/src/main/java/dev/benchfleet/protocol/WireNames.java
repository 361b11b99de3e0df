package dev.benchfleet.protocol;

import java.util.HashMap;
import java.util.Map;

/** Each {@link WireName} enum's constants by wire form, computed once per enum class. */
final class WireNames {

    private static final ClassValue<Map<String, Object>> BY_WIRE = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            Map<String, Object> constants = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                constants.put(((WireName) constant).wire(), constant);
            }
            return Map.copyOf(constants);
        }
    };

    private WireNames() {
    }

    @SuppressWarnings("unchecked")
    static <E extends Enum<E> & WireName> Map<String, E> byWire(Class<E> type) {
        return (Map<String, E>) (Map<String, ?>) BY_WIRE.get(type);
    }
}
