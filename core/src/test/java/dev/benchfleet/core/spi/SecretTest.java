package dev.benchfleet.core.spi;

import dev.benchfleet.core.capacity.ProviderCapacity;
import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.TaskRunnerCount;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretTest {

    @Test
    void secretsAreMaskedWhereverTheyArePrinted() {
        Secret key = Secret.of("top-secret-key");
        Environment env = Environment.of(Map.of("AWS_SECRET_ACCESS_KEY", "aws-secret-value"));
        ProviderContext context = ProviderContext.builder(new ProviderConfig("local", List.of(), 1, TaskRunnerCount.unset()),
                new ProviderCapacity("local", List.of())).environment(env).runId("1")
                .orchestratorUrl(URI.create("http://127.0.0.1/")).apiKey(key).runnerToken(Secret.of("bfr1.1.runner-token"))
                .workDir(Path.of("/tmp")).build();

        assertThat(key.toString()).isEqualTo("****");
        assertThat(context.runnerToken().reveal()).isEqualTo("bfr1.1.runner-token");
        assertThat(context.toString()).doesNotContain("top-secret-key").doesNotContain("aws-secret-value")
                .doesNotContain("runner-token")
                .contains("AWS_SECRET_ACCESS_KEY");
        assertThat(key.reveal()).isEqualTo("top-secret-key");
    }

    @Test
    void secretsCompareByValue() {
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
        assertThat(Secret.of("abc").matches("abc")).isTrue();
        assertThat(Secret.of("abc").matches("abd")).isFalse();
        assertThat(Secret.of("abc").matches(null)).isFalse();
    }

    @Test
    void cancellationIsSeenByWaiters() throws InterruptedException {
        CancellationToken token = new CancellationToken();
        assertThat(token.await(java.time.Duration.ofMillis(1))).isFalse();
        token.cancel();
        assertThat(token.isCancelled()).isTrue();
        assertThat(token.await(java.time.Duration.ofSeconds(5))).isTrue();
    }
}
