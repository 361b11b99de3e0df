package dev.benchfleet.protocol;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HttpClientThreadsTest {

    @Test
    void stopsTheSelectorThreadOfEveryClientSoTheJvmNeedNotWaitForItAtExit() {
        HttpClient first = HttpClient.newHttpClient();
        HttpClient second = HttpClient.newHttpClient();
        assertThat(selectors()).as("each client starts one").hasSizeGreaterThanOrEqualTo(2);

        int stopped = HttpClientThreads.stopAll(Duration.ofSeconds(10));

        assertThat(stopped).isGreaterThanOrEqualTo(2);
        assertThat(selectors()).isEmpty();
        assertThat(List.of(first, second)).as("still referenced: stopped by the call, not collected").hasSize(2);
    }

    @Test
    void withoutClientsThereIsNothingToStop() {
        HttpClientThreads.stopAll(Duration.ofSeconds(10));
        assertThat(HttpClientThreads.stopAll(Duration.ofSeconds(10))).isZero();
    }

    private static List<Thread> selectors() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(thread -> thread.getName().matches("HttpClient-\\d+-SelectorManager")).toList();
    }
}
