package dev.benchfleet.protocol;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Lets a process that is done with its {@link java.net.http.HttpClient}s exit at once, for the master and
 * the task runner alike. JDK 17's client has no {@code close()}: each keeps a selector thread
 * ({@code HttpClient-N-SelectorManager}) waiting in {@code epoll} until the client is garbage collected,
 * and the JVM's exit waits up to 300 ms for every thread that is in native code — 0.3 s at the end of
 * every run, and for every task runner the master waits for. Interrupting that thread is how it is
 * told to stop (it closes its selector and ends; JDK 21's {@code HttpClient.close()} does the same).
 * Only for the very end of a process: clients are unusable afterwards.
 */
public final class HttpClientThreads {

    private static final Pattern SELECTOR = Pattern.compile("HttpClient-\\d+-SelectorManager");

    private HttpClientThreads() {
    }

    /**
     * Stops the selector threads of every {@link java.net.http.HttpClient} of this JVM, waiting at most
     * {@code timeout} in all for them to end.
     *
     * @return how many were asked to stop
     */
    public static int stopAll(Duration timeout) {
        List<Thread> selectors = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> SELECTOR.matcher(thread.getName()).matches())
                .toList();
        selectors.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread selector : selectors) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(selector, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return selectors.size();
    }
}
