package dev.benchfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeyTest {

    @Test
    void matchesOnlyTheExactKeyAndNeverShowsIt() {
        ApiKey key = ApiKey.of("s3cr3t-value");
        assertThat(key.matches("s3cr3t-value")).isTrue();
        assertThat(key.matches("s3cr3t-valuE")).isFalse();
        assertThat(key.matches("s3cr3t")).isFalse();
        assertThat(key.matches(null)).isFalse();
        assertThat(key.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void readsTheBearerHeaderAndWritesIt() {
        ApiKey key = ApiKey.of("k3y");
        assertThat(key.authorization()).isEqualTo("Bearer k3y");
        assertThat(key.authorizes("Bearer k3y")).isTrue();
        assertThat(key.authorizes("bearer k3y ")).isTrue();
        assertThat(key.authorizes("Basic k3y")).isFalse();
        assertThat(key.authorizes("Bearer k3")).isFalse();
        assertThat(key.authorizes(null)).isFalse();
    }

    @Test
    void refusesUnusableKeysWithoutQuotingThem() {
        assertThatThrownBy(() -> ApiKey.of("")).hasMessage("API key is empty");
        assertThatThrownBy(() -> ApiKey.of("has space")).hasMessageNotContaining("has space");
    }
}
