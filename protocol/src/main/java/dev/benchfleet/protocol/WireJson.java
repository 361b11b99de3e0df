package dev.benchfleet.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reading and writing the protocol's records. Any {@link ObjectMapper} binds them (they carry their
 * own naming and unknown-field rules); this class turns a binding failure into a
 * {@link WireFormatException} whose message names the field at fault and never quotes the body, which
 * may hold a secret.
 */
public final class WireJson {

    private final ObjectMapper mapper;
    /**
     * One reader per record type, made once: {@code mapper.readValue(body, type)} looks the type and
     * its deserializer up again at every call, a sixth of binding a heartbeat's body.
     */
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    public WireJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A mapper for clients: lenient about what it does not know, as the protocol asks. */
    public static ObjectMapper defaultMapper() {
        return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Binds {@code body} to {@code type}. */
    public <T> T read(byte[] body, Class<T> type) throws WireFormatException {
        try {
            return check(readerFor(type).readValue(body));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Binds {@code body} to {@code type}. */
    public <T> T read(String body, Class<T> type) throws WireFormatException {
        try {
            return check(readerFor(type).readValue(body));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Binds an already parsed {@code tree} to {@code type}. */
    public <T> T read(JsonNode tree, Class<T> type) throws WireFormatException {
        try {
            return check(mapper.treeToValue(tree, type));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private ObjectReader readerFor(Class<?> type) {
        return readers.computeIfAbsent(type, mapper::readerFor);
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a protocol record could not be written as JSON", e);
        }
    }

    public String writeString(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a protocol record could not be written as JSON", e);
        }
    }

    private static <T> T check(T value) throws WireFormatException {
        if (value == null) {
            throw new WireFormatException("Request body must be a JSON object");
        }
        return value;
    }

    private static WireFormatException failure(IOException e) {
        StreamReadException syntax = syntaxError(e);
        if (syntax != null) {
            JsonLocation at = syntax.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new WireFormatException("Body is not valid JSON" + where);
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            if (e instanceof InvalidFormatException format && format.getTargetType() != null
                    && format.getTargetType().isEnum()) {
                return new WireFormatException(field + " must be one of " + WireName.accepted(format.getTargetType()));
            }
            Throwable cause = rootCause(e);
            String why = cause instanceof IllegalArgumentException && cause.getMessage() != null
                    ? cause.getMessage() : field + " has the wrong type";
            return new WireFormatException(why.startsWith(field) || why.contains(" is missing") ? why : field + ": " + why);
        }
        Throwable cause = rootCause(e);
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return new WireFormatException(cause.getMessage());
        }
        return new WireFormatException(e instanceof JsonMappingException
                ? "Request body must be a JSON object" : "Body could not be read");
    }

    private static StreamReadException syntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamReadException read && !(t instanceof JsonMappingException)) {
                return read;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
