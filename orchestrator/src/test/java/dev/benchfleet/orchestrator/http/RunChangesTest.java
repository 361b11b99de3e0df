package dev.benchfleet.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunChangesTest {

    @Test
    void aRequestFindingEverySlotTakenIsAnsweredWithoutHolding() throws Exception {
        RunChanges changes = new RunChanges(1);
        AtomicInteger value = new AtomicInteger();
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Optional<Integer>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return changes.awaitChange(0, Duration.ofSeconds(15), () -> {
                    holding.countDown();
                    return value.get();
                });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(changes.awaitChange(0, Duration.ofSeconds(15), value::get)).isEmpty();
        value.set(1);
        changes.signal();
        assertThat(first.get(10, TimeUnit.SECONDS)).contains(1);
        // the slot is free again
        assertThat(changes.awaitChange(0, Duration.ofSeconds(15), value::get)).contains(1);
    }

    @Test
    void stoppingTheServerAnswersHeldRequestsAndHoldsNoMore() throws Exception {
        RunChanges changes = new RunChanges(2);
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Optional<Integer>> held = CompletableFuture.supplyAsync(() -> {
            try {
                return changes.awaitChange(0, Duration.ofSeconds(15), () -> {
                    holding.countDown();
                    return 0;
                });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        changes.release();
        assertThat(held.get(10, TimeUnit.SECONDS)).contains(0);
        assertThat(changes.awaitChange(0, Duration.ofSeconds(15), () -> 0)).isEmpty();
    }

    @Test
    void waitIsReadInSecondsAndNothingElse() {
        assertThat(RunChanges.requested(null)).isEqualTo(Duration.ZERO);
        assertThat(RunChanges.requested("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(RunChanges.requested("0.25")).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> RunChanges.requested("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunChanges.requested("1e9")).isInstanceOf(IllegalArgumentException.class);
    }
}
