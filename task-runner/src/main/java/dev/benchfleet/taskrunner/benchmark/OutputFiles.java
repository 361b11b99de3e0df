package dev.benchfleet.taskrunner.benchmark;

import java.util.List;

/** The file names a result archive may carry, as the protocol names them. */
public final class OutputFiles {

    public static final String TEXT = "output.txt";
    public static final String JSON = "output.json";
    public static final String CSV = "output.csv";
    /** Everything a benchmark's process printed; kept in the work folder, quoted in error reports. */
    public static final String CONSOLE_LOG = "benchmark.log";

    /** In archive order; output.txt is required, the other two are optional. */
    public static final List<String> RESULTS = List.of(TEXT, JSON, CSV);

    private OutputFiles() {
    }
}
