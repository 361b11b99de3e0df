package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An answer that only says what happened ({@code complete}, {@code fail}, {@code stop}), or, for a
 * refusal, why: {@code {"error": ...}}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageAnswer(String message, String error) {

    public static MessageAnswer message(String message) {
        return new MessageAnswer(message, null);
    }

    public static MessageAnswer error(String error) {
        return new MessageAnswer(null, error);
    }
}
