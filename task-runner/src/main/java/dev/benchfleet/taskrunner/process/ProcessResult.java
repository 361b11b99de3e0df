package dev.benchfleet.taskrunner.process;

/** How a child process ended; {@code outputTail} holds its last output lines, for error reports. */
public record ProcessResult(int exitCode, String outputTail) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
