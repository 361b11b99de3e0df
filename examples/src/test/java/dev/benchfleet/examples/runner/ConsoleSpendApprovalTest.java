package dev.benchfleet.examples.runner;

import dev.benchfleet.core.spi.CancellationToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSpendApprovalTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            y        | true
            Yes      | true
            '  y  '  | true
            n        | false
            ''       | false
            sure     | false
            """)
    void onlyYesGoesOn(String answer, boolean expected) {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        ConsoleSpendApproval approval = new ConsoleSpendApproval(new BufferedReader(new StringReader(answer + "\n")),
                new PrintStream(shown, true, StandardCharsets.UTF_8), new CancellationToken());

        assertThat(approval.approve(null)).isEqualTo(expected);
        assertThat(shown.toString(StandardCharsets.UTF_8)).contains("[y/N]");
    }

    @Test
    void endOfInputIsNo() {
        ConsoleSpendApproval approval = new ConsoleSpendApproval(new BufferedReader(new StringReader("")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new CancellationToken());

        assertThat(approval.approve(null)).isFalse();
    }

    @Test
    void ctrlCWhileWaitingIsNo() throws Exception {
        CancellationToken cancellation = new CancellationToken();
        java.io.PipedOutputStream keyboard = new java.io.PipedOutputStream(); // nobody types
        ConsoleSpendApproval approval = new ConsoleSpendApproval(new BufferedReader(new java.io.InputStreamReader(
                new java.io.PipedInputStream(keyboard), StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), cancellation);
        java.util.concurrent.CompletableFuture<Boolean> answer =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> approval.approve(null));

        cancellation.cancel();

        assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
        keyboard.close();
    }
}
