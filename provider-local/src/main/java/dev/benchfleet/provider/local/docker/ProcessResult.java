package dev.benchfleet.provider.local.docker;

/**
 * Outcome of one finished (or killed) client process.
 *
 * @param exitCode exit code, or -1 if the process was killed on timeout
 * @param timedOut true if the timeout hit and the process was killed
 * @param stdout   captured standard output (bounded)
 * @param stderr   captured standard error (bounded)
 */
record ProcessResult(int exitCode, boolean timedOut, String stdout, String stderr) {

    boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
