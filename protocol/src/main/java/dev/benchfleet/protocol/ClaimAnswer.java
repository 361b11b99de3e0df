package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The answer to a claim: {@code assigned} with the task and its upload URLs, {@code wait} with when to
 * ask again, or {@code done} (optionally with a message).
 *
 * @param retryAfterSeconds seconds to wait before claiming again; a whole number when it is one (the
 *     original runner {@code sleep}s on it, which takes fractions too)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClaimAnswer(ClaimStatus status, AssignedTask task, UploadUrls presignedUrls, Number retryAfterSeconds,
                          String message) {

    public ClaimAnswer {
        Wire.require(status, "status");
        if (status == ClaimStatus.ASSIGNED) {
            Wire.require(task, "task");
            Wire.require(presignedUrls, "presigned_urls");
        }
    }

    public static ClaimAnswer assigned(AssignedTask task, UploadUrls urls) {
        return new ClaimAnswer(ClaimStatus.ASSIGNED, task, urls, null, null);
    }

    /** Ask again after {@code retryAfter}, sent in seconds (whole when whole, else to the millisecond). */
    public static ClaimAnswer waitFor(Duration retryAfter) {
        long millis = retryAfter.toMillis();
        Number seconds = millis % 1000 == 0 ? (Number) (millis / 1000) : BigDecimal.valueOf(millis, 3).stripTrailingZeros();
        return new ClaimAnswer(ClaimStatus.WAIT, null, null, seconds, null);
    }

    public static ClaimAnswer done(String message) {
        return new ClaimAnswer(ClaimStatus.DONE, null, null, null, message);
    }

    /** When to ask again, if the orchestrator said (never negative). */
    @JsonIgnore
    public Optional<Duration> retryAfter() {
        if (retryAfterSeconds == null) {
            return Optional.empty();
        }
        long millis = Math.round(retryAfterSeconds.doubleValue() * 1000);
        return Optional.of(Duration.ofMillis(Math.max(0, millis)));
    }
}
