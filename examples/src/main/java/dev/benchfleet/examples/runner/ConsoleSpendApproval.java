package dev.benchfleet.examples.runner;

import dev.benchfleet.core.plan.Plan;
import dev.benchfleet.core.plan.SpendApproval;
import dev.benchfleet.core.spi.CancellationToken;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks on the terminal whether a run that costs money may start (the plan has been shown just before).
 * Only "y" or "yes" go on; anything else, the end of input, or Ctrl-C while waiting stops the run.
 */
final class ConsoleSpendApproval implements SpendApproval {

    private static final Duration POLL = Duration.ofMillis(100);

    private final BufferedReader in;
    private final PrintStream out;
    private final CancellationToken cancellation;

    ConsoleSpendApproval(BufferedReader in, PrintStream out, CancellationToken cancellation) {
        this.in = in;
        this.out = out;
        this.cancellation = cancellation;
    }

    @Override
    public boolean approve(Plan plan) {
        out.print("This run creates instances that cost money (see the plan above). Start it? [y/N] ");
        out.flush();
        // A blocked read cannot be interrupted: read on a daemon thread so that Ctrl-C answers "no" at once.
        CompletableFuture<String> answer = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                answer.complete(in.readLine());
            } catch (IOException e) {
                answer.completeExceptionally(e);
            }
        }, "benchfleet-spend-question");
        reader.setDaemon(true);
        reader.start();
        try {
            while (!cancellation.isCancelled()) {
                try {
                    return yes(answer.get(POLL.toMillis(), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    // still waiting for the person at the keyboard
                }
            }
            out.println();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            out.println();
            out.println("warning: cannot read the answer from the terminal: " + e.getCause().getMessage());
            return false;
        }
    }

    private boolean yes(String line) {
        if (line == null) {
            out.println();
            return false;
        }
        String word = line.strip().toLowerCase(Locale.ROOT);
        return word.equals("y") || word.equals("yes");
    }
}
