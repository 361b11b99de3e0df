package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A task as {@code POST /runs} lists the tasks it created. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskSummary(long id, String provider, String instanceType, String instanceTypeAlias, int runNumber,
                          TaskStatus status) {
}
