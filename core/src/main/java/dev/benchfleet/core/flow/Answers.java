package dev.benchfleet.core.flow;

import dev.benchfleet.core.spi.CancellationToken;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for an answer of the orchestrator that may be held (a long poll), given up at once on Ctrl-C. */
final class Answers {

    private static final Duration CANCEL_CHECK = Duration.ofMillis(100);

    private Answers() {
    }

    /**
     * The answer as soon as it arrives (never later: the wait is on the answer itself), checking
     * {@code cancellation} every 100 ms meanwhile; a cancelled wait cancels the request.
     */
    static <T> T await(CompletableFuture<T> answer, CancellationToken cancellation) throws InterruptedException {
        while (true) {
            try {
                return answer.get(CANCEL_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancellation.isCancelled()) {
                    answer.cancel(true);
                    throw new CancellationToken.CancelledException();
                }
            } catch (InterruptedException e) {
                answer.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new CompletionException(e.getCause());
            }
        }
    }
}
