package dev.benchfleet.taskrunner.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A fake clock that sleeping advances: the backoff schedule is checked without waiting. */
class RetrierTest {

    private final AtomicLong now = new AtomicLong();
    private final List<Duration> sleeps = new ArrayList<>();
    private final Sleeper sleeper = d -> {
        sleeps.add(d);
        now.addAndGet(d.toNanos());
    };

    private Retrier retrier(Duration window) {
        return new Retrier(new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(15), window), sleeper, now::get);
    }

    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofMinutes(10));
        assertThat(List.of(policy.backoff(0), policy.backoff(1), policy.backoff(2), policy.backoff(5), policy.backoff(6),
                policy.backoff(60)))
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                        Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(15));
    }

    @Test
    void retriesTransientFailuresUntilSuccess() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = retrier(Duration.ofMinutes(10)).call("test", () -> {
            if (calls.incrementAndGet() < 4) {
                throw new IOException("refused");
            }
            return "ok";
        }, e -> e instanceof IOException);
        assertThat(result).isEqualTo("ok");
        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void givesUpWhenTheWindowHasPassed() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier(Duration.ofMinutes(10)).call("claim", () -> {
            calls.incrementAndGet();
            throw new IOException("refused");
        }, e -> e instanceof IOException))
                .isInstanceOf(RetriesExhaustedException.class)
                .hasMessageContaining("claim").hasMessageContaining("10m").hasMessageContaining("refused");
        Duration slept = sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(slept).isEqualTo(Duration.ofMinutes(10));
        assertThat(sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(15)));
        assertThat(calls.get()).isEqualTo(sleeps.size() + 1);
    }

    @Test
    void nonRetryableFailuresPassStraightThrough() {
        assertThatThrownBy(() -> retrier(Duration.ofMinutes(10)).call("x", () -> {
            throw new IllegalStateException("401");
        }, e -> e instanceof IOException)).isInstanceOf(IllegalStateException.class);
        assertThat(sleeps).isEmpty();
    }
}
