package dev.benchfleet.examples.runner.launch;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RelaunchedChildTest {

    @Test
    void inTheForegroundWhenTheTerminalsForegroundGroupIsOurs() {
        // pid (comm) state ppid pgrp session tty_nr tpgid ...
        assertThat(RelaunchedChild.inTerminalForeground("4242 (java) S 4000 4242 4000 34816 4242 4194304 1 2")).isTrue();
        assertThat(RelaunchedChild.inTerminalForeground("4242 (java) S 4000 4242 4000 34816 4300 4194304 1 2"))
                .as("a background job: another group has the terminal").isFalse();
        assertThat(RelaunchedChild.inTerminalForeground("4242 (java) S 4000 4242 4000 0 -1 4194304 1 2"))
                .as("no controlling terminal").isFalse();
        assertThat(RelaunchedChild.inTerminalForeground("4242 (a) b (c)) S 4000 4242 4000 34816 4242 0 1 2"))
                .as("a command name with spaces and parentheses").isTrue();
    }

    @Test
    void theExitCodeIsTheChilds() throws Exception {
        assertThat(RelaunchedChild.run(List.of("sh", "-c", "exit 3"))).isEqualTo(3);
        assertThat(RelaunchedChild.run(List.of("sh", "-c", "kill -TERM $$"))).as("128 + SIGTERM").isEqualTo(143);
    }
}
