package dev.benchfleet.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OnFirstUseTest {

    @Test
    void theSourceRunsAtTheFirstGetAndOnlyThen() {
        AtomicInteger made = new AtomicInteger();
        OnFirstUse<String> value = OnFirstUse.of(() -> "catalog " + made.incrementAndGet());

        assertThat(made).hasValue(0);
        assertThat(value.get()).isEqualTo("catalog 1");
        assertThat(value.get()).isEqualTo("catalog 1");
        assertThat(made).hasValue(1);
    }

    @Test
    void aSourceThatFailedIsTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        OnFirstUse<String> value = OnFirstUse.of(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("resource missing");
            }
            return "read";
        });

        assertThatThrownBy(value::get).hasMessage("resource missing");
        assertThat(value.get()).isEqualTo("read");
    }
}
