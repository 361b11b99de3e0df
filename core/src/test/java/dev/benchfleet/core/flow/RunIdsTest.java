package dev.benchfleet.core.flow;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RunIdsTest {

    private final RunIds ids = new RunIds(Clock.fixed(Instant.ofEpochSecond(1_734_000_000L), ZoneOffset.UTC), new SecureRandom());

    @Test
    void runIdsAreUnixSecondsAndEightRandomDigits() {
        String id = ids.newRunId();
        assertThat(id).hasSize(18).startsWith("1734000000").matches("\\d{18}");
        assertThat(ids.newRunId()).isNotEqualTo(id);
    }

    @Test
    void generatedApiKeysAre32HexCharacters() {
        assertThat(ids.newApiKey()).matches("[0-9a-f]{32}").isNotEqualTo(ids.newApiKey());
    }
}
