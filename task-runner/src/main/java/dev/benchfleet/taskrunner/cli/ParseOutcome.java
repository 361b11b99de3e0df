package dev.benchfleet.taskrunner.cli;

/** What the command line asked for. */
public sealed interface ParseOutcome {

    /** Valid arguments: run the claim loop. */
    record Run(Settings settings) implements ParseOutcome {
    }

    /** {@code --help} or {@code --version}: print {@code text} to stdout and exit 0. */
    record Info(String text) implements ParseOutcome {
    }

    /** Bad input: print {@code message} (which names every bad flag) to stderr and exit 1. */
    record Invalid(String message) implements ParseOutcome {
    }
}
