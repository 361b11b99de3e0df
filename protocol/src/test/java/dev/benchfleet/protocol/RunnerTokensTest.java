package dev.benchfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunnerTokensTest {

    private final ApiKey admin = ApiKey.of("admin-key-0123456789");

    @Test
    void aTokenNamesItsRunAndVerifiesForThatRunOnly() {
        String token = RunnerTokens.derive(admin, "173400000012345678");

        assertThat(token).startsWith("bfr1.173400000012345678.").doesNotContain("admin-key");
        assertThat(RunnerTokens.runIdOf(token)).contains("173400000012345678");
        assertThat(RunnerTokens.verify(admin, "173400000012345678", token)).isTrue();
        assertThat(RunnerTokens.verify(admin, "173400000012345679", token)).isFalse();
        assertThat(RunnerTokens.derive(admin, "173400000012345679")).isNotEqualTo(token);
    }

    @Test
    void everyHolderOfTheKeyDerivesTheSameTokenAndNoOtherKeyDoes() {
        assertThat(RunnerTokens.derive(ApiKey.of("admin-key-0123456789"), "r1")).isEqualTo(RunnerTokens.derive(admin, "r1"));
        String forged = RunnerTokens.derive(ApiKey.of("another-key"), "r1");
        assertThat(RunnerTokens.verify(admin, "r1", forged)).isFalse();
    }

    @Test
    void somethingThatIsNotATokenIsNoToken() {
        assertThat(RunnerTokens.runIdOf("admin-key-0123456789")).isEmpty();
        assertThat(RunnerTokens.runIdOf(null)).isEmpty();
        String token = RunnerTokens.derive(admin, "r1");
        assertThat(RunnerTokens.verify(admin, "r1", token + "x")).isFalse();
        assertThat(RunnerTokens.verify(admin, "r1", token.substring(0, token.length() - 1) + "A")).isFalse();
        assertThat(RunnerTokens.verify(admin, "r1", null)).isFalse();
    }
}
